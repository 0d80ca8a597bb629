import { CURRENT_SCHEMA_VERSION, FlowDocument, flowDocumentSchema } from '../flow/flow-document';

/** One pure step: a document at version N in, a document at version N + 1 out. */
export type DocumentUpgrade = (doc: Record<string, unknown>) => Record<string, unknown>;

/**
 * Upgrades keyed by the version they upgrade *from*. v1 is current, so the chain is empty; add
 * `1: (doc) => ({ ...doc, schemaVersion: 2, ... })` when v2 lands, never edit a shipped step.
 */
export const documentUpgrades: Readonly<Record<number, DocumentUpgrade>> = {};

/** Thrown when stored JSON is not a flow document this runtime can read. */
export class FlowDocumentError extends Error {
  constructor(
    public readonly code: 'FLOW_DOCUMENT_INVALID' | 'FLOW_DOCUMENT_TOO_NEW',
    message: string,
  ) {
    super(message);
    this.name = 'FlowDocumentError';
  }
}

/**
 * Reads stored flow JSON of any known version and returns a current `FlowDocument`.
 * Documents without `schemaVersion` are treated as v1. Pure: the input is never mutated.
 */
export function upgradeFlowDocument(raw: unknown): FlowDocument {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new FlowDocumentError('FLOW_DOCUMENT_INVALID', 'A flow document must be a JSON object.');
  }
  let doc = { schemaVersion: 1, ...(raw as Record<string, unknown>) };
  let version = Number(doc.schemaVersion);
  if (!Number.isInteger(version) || version < 1) {
    throw new FlowDocumentError('FLOW_DOCUMENT_INVALID', `Unknown schemaVersion ${String(doc.schemaVersion)}.`);
  }
  if (version > CURRENT_SCHEMA_VERSION) {
    throw new FlowDocumentError('FLOW_DOCUMENT_TOO_NEW', `This flow was saved by a newer Parley (schema v${version}).`);
  }
  while (version < CURRENT_SCHEMA_VERSION) {
    const step = documentUpgrades[version];
    if (!step) throw new FlowDocumentError('FLOW_DOCUMENT_INVALID', `No upgrade from schema v${version}.`);
    doc = { schemaVersion: version + 1, ...step(doc) };
    version = Number(doc.schemaVersion);
  }
  const parsed = flowDocumentSchema.safeParse(doc);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new FlowDocumentError('FLOW_DOCUMENT_INVALID', `Invalid flow document at ${first.path.join('.') || '(root)'}: ${first.message}`);
  }
  return parsed.data;
}
