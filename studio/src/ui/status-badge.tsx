import type { FlowStatus } from '../api-client/types';

const LABELS: Record<FlowStatus, string> = {
  draft: 'Draft',
  live: 'Live',
  'live-with-changes': 'Live · unpublished changes',
};

export function StatusBadge({ status }: { status: FlowStatus }) {
  return <span className={`badge badge-${status}`}>{LABELS[status] ?? status}</span>;
}
