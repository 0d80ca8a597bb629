import type { ConnectionStatus } from '../api-client/channels-api';

const LABELS: Record<ConnectionStatus, string> = {
  active: 'Active',
  broken: 'Broken',
  disabled: 'Disabled',
};

/** Broken: the platform refused our credentials; new ones re-activate the connection. */
export function ConnectionStatusBadge({ status }: { status: ConnectionStatus }) {
  return <span className={`badge channel-status-${status}`}>{LABELS[status] ?? status}</span>;
}
