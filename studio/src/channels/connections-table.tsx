import type { ChannelConnection } from '../api-client/channels-api';
import { ConnectionStatusBadge } from './connection-status-badge';

interface ConnectionsTableProps {
  connections: ChannelConnection[];
  labelOf: (connection: ChannelConnection) => string;
  openId: string | null;
  onOpen: (connectionId: string) => void;
}

export function ConnectionsTable({ connections, labelOf, openId, onOpen }: ConnectionsTableProps) {
  if (!connections.length) return <p className="muted">No channel is connected yet.</p>;
  return (
    <div className="table-wrap">
      <table className="table channels-table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Platform</th>
            <th scope="col">Account</th>
            <th scope="col">Status</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {connections.map((connection) => (
            <tr key={connection.id} data-connection-id={connection.id} aria-current={connection.id === openId ? 'true' : undefined}>
              <td>{connection.name}</td>
              <td>{labelOf(connection)}</td>
              <td className="mono">{connection.externalAccountId}</td>
              <td>
                <ConnectionStatusBadge status={connection.status} />
                {connection.status === 'broken' && connection.statusReason && <p className="small channel-status-reason">{connection.statusReason}</p>}
              </td>
              <td className="table-actions">
                <button type="button" className="button button-secondary button-small" onClick={() => onOpen(connection.id)}>
                  Open<span className="visually-hidden"> {connection.name}</span>
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
