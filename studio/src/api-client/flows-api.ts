import { http } from './http';
import type { FlowDetail, FlowDocumentJson, FlowSummary } from './types';

export const flowsApi = {
  list: () => http<{ items: FlowSummary[] }>('GET', '/flows'),
  create: (name: string) => http<FlowSummary>('POST', '/flows', { name }),
  get: (flowId: string) => http<FlowDetail>('GET', `/flows/${encodeURIComponent(flowId)}`),
  /** Saves the draft on top of `revision`; a 409 `REVISION_CONFLICT` carries the server's current draft. */
  saveDraft: (flowId: string, revision: number, document: FlowDocumentJson) =>
    http<{ revision: number }>('PUT', `/flows/${encodeURIComponent(flowId)}/draft`, { revision, document }),
};
