import { http } from './http';
import type { FlowSummary } from './types';

export const flowsApi = {
  list: () => http<{ items: FlowSummary[] }>('GET', '/flows'),
  create: (name: string) => http<FlowSummary>('POST', '/flows', { name }),
};
