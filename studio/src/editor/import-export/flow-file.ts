import { upgradeFlowDocument, type FlowDocument } from '../../nodes/runtime-catalog';

/** The file the editor exports: the same shape as the API's export, so either imports anywhere. */
export interface FlowFile {
  schemaVersion: number;
  name: string;
  description: string | null;
  exportedAt: string;
  document: FlowDocument;
}

export function toFlowFile(name: string, description: string | null, document: FlowDocument, now: Date): FlowFile {
  return { schemaVersion: document.schemaVersion ?? 1, name, description, exportedAt: now.toISOString(), document };
}

/**
 * Reads an imported JSON object as the new draft: our export file or a bare flow document, checked and upgraded
 * by the runtime. The draft keeps its own flow id (an imported one belongs to another flow).
 */
export function readFlowFile(value: Record<string, unknown>, current: FlowDocument): { ok: true; document: FlowDocument } | { ok: false; error: string } {
  const inner = !Array.isArray(value.nodes) && value.document && typeof value.document === 'object' ? value.document : value;
  let document: FlowDocument;
  try {
    document = upgradeFlowDocument(inner);
  } catch (error) {
    return { ok: false, error: `This file is not a Parley flow: ${error instanceof Error ? error.message : String(error)}` };
  }
  const { id: _imported, ...rest } = document;
  return { ok: true, document: current.id === undefined ? rest : { ...rest, id: current.id } };
}
