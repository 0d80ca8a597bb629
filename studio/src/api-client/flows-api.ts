import { http } from './http';
import type { FlowDetail, FlowDiffResult, FlowDocumentJson, FlowExport, FlowSummary, FlowTemplate, FlowVersion, PublishCheck, PublishResult } from './types';

export const flowsApi = {
  list: (query: { search?: string; archived?: boolean } = {}) =>
    http<{ items: FlowSummary[] }>('GET', `/flows${toQuery({ search: query.search || undefined, archived: query.archived ? 'true' : undefined })}`),
  templates: () => http<FlowTemplate[]>('GET', '/flows/templates'),
  create: (name: string, templateKey?: string) => http<FlowSummary>('POST', '/flows', templateKey ? { name, templateKey } : { name }),
  rename: (flowId: string, name: string) => http<FlowSummary>('PATCH', `/flows/${encodeURIComponent(flowId)}`, { name }),
  duplicate: (flowId: string, name?: string) => http<FlowSummary>('POST', `/flows/${encodeURIComponent(flowId)}/duplicate`, name ? { name } : {}),
  archive: (flowId: string) => http<unknown>('POST', `/flows/${encodeURIComponent(flowId)}/archive`),
  unarchive: (flowId: string) => http<unknown>('POST', `/flows/${encodeURIComponent(flowId)}/unarchive`),
  /** 201 with the new live version; 422 `FLOW_INVALID` with `details.issues` when errors block it. */
  publish: (flowId: string, input: { notes?: string; migrateWaitingConversations?: boolean }) =>
    http<PublishResult>('POST', `/flows/${encodeURIComponent(flowId)}/publish`, input),
  /** The publish dry run: validation of the saved draft and the keywords other live flows already claim. */
  publishCheck: (flowId: string) => http<PublishCheck>('GET', `/flows/${encodeURIComponent(flowId)}/publish-check`),
  /** The draft as a portable JSON file body. */
  exportFlow: (flowId: string) => http<FlowExport>('GET', `/flows/${encodeURIComponent(flowId)}/export`),
  /** Creates a new flow from an exported file (every id remapped); 400 `FLOW_DOCUMENT_INVALID` says what is wrong. */
  importFlow: (document: Record<string, unknown>, name?: string) => http<FlowSummary>('POST', '/flows/import', name ? { document, name } : { document }),
  version: (flowId: string, versionNumber: number) =>
    http<FlowVersion & { document: FlowDocumentJson }>('GET', `/flows/${encodeURIComponent(flowId)}/versions/${versionNumber}`),
  versions: (flowId: string) => http<FlowVersion[]>('GET', `/flows/${encodeURIComponent(flowId)}/versions`),
  /** `from`/`to`: a version number, `draft` or `live`. */
  diff: (flowId: string, from: string, to: string) =>
    http<FlowDiffResult>('GET', `/flows/${encodeURIComponent(flowId)}/diff${toQuery({ from, to })}`),
  restore: (flowId: string, versionNumber: number) =>
    http<unknown>('POST', `/flows/${encodeURIComponent(flowId)}/versions/${versionNumber}/restore`),
  rollback: (flowId: string, versionNumber: number) =>
    http<PublishResult>('POST', `/flows/${encodeURIComponent(flowId)}/rollback`, { versionNumber }),
  get: (flowId: string) => http<FlowDetail>('GET', `/flows/${encodeURIComponent(flowId)}`),
  /** Saves the draft on top of `revision`; a 409 `REVISION_CONFLICT` carries the server's current draft. */
  saveDraft: (flowId: string, revision: number, document: FlowDocumentJson) =>
    http<{ revision: number }>('PUT', `/flows/${encodeURIComponent(flowId)}/draft`, { revision, document }),
};

function toQuery(params: Record<string, string | undefined>): string {
  const entries = Object.entries(params).filter((entry): entry is [string, string] => entry[1] !== undefined);
  return entries.length ? `?${new URLSearchParams(entries).toString()}` : '';
}
