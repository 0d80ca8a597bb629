import { errorMessage } from '../api-client/api-error';
import { inboxApi, PLATFORMS, type InboxItem, type InboxList, type InboxView, type WaitingThresholds } from '../api-client/inbox-api';
import { Alert } from '../ui/alert';
import { Loading } from '../ui/loading';
import { useResource, type Resource } from '../ui/use-resource';
import { useNow } from './use-now';
import { WaitingBadge } from './waiting-badge';

const VIEWS: Array<{ view: InboxView; label: string }> = [
  { view: 'unassigned', label: 'Unassigned' },
  { view: 'mine', label: 'Mine' },
  { view: 'all', label: 'All' },
  { view: 'snoozed', label: 'Snoozed' },
  { view: 'resolved', label: 'Resolved' },
];

interface ConversationListProps {
  view: InboxView;
  onViewChange(view: InboxView): void;
  filters: { team: string; platform: string };
  onFiltersChange(filters: { team: string; platform: string }): void;
  list: Resource<InboxList & { fetchedAt: number }>;
  selectedId: string | undefined;
  onSelect(conversationId: string): void;
}

/** The left column: views, team and channel filters, and the conversations, longest waiting first. */
export function ConversationList({ view, onViewChange, filters, onFiltersChange, list, selectedId, onSelect }: ConversationListProps) {
  const [teams] = useResource(() => inboxApi.teams(), []);
  const now = useNow(15_000);
  return (
    <section className="inbox-list" aria-label="Conversations">
      <div className="inbox-views" role="group" aria-label="View">
        {VIEWS.map((option) => (
          <button
            key={option.view}
            type="button"
            className="inbox-view"
            aria-pressed={view === option.view}
            onClick={() => onViewChange(option.view)}
          >
            {option.label}
          </button>
        ))}
      </div>
      <div className="inbox-filters">
        <label>
          <span className="visually-hidden">Team</span>
          <select value={filters.team} onChange={(e) => onFiltersChange({ ...filters, team: e.target.value })} aria-label="Team">
            <option value="">All teams</option>
            {teams.status === 'ready' && teams.data.map((team) => (
              <option key={team.id} value={team.name}>
                {team.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span className="visually-hidden">Channel</span>
          <select value={filters.platform} onChange={(e) => onFiltersChange({ ...filters, platform: e.target.value })} aria-label="Channel">
            <option value="">All channels</option>
            {PLATFORMS.map((platform) => (
              <option key={platform} value={platform}>
                {platform}
              </option>
            ))}
          </select>
        </label>
      </div>
      {list.status === 'loading' && <Loading />}
      {list.status === 'error' && <Alert>{errorMessage(list.error)}</Alert>}
      {list.status === 'ready' &&
        (list.data.items.length === 0 ? (
          <p className="inbox-list-empty muted">No conversations here.</p>
        ) : (
          <ul className="inbox-items">
            {list.data.items.map((item) => (
              <li key={item.conversationId}>
                <ListItem
                  item={item}
                  thresholds={list.data.thresholds}
                  waitingSeconds={item.waitingSeconds + Math.max(0, (now - list.data.fetchedAt) / 1000)}
                  selected={item.conversationId === selectedId}
                  onSelect={onSelect}
                />
              </li>
            ))}
          </ul>
        ))}
    </section>
  );
}

interface ListItemProps {
  item: InboxItem;
  thresholds: WaitingThresholds;
  waitingSeconds: number;
  selected: boolean;
  onSelect(conversationId: string): void;
}

function ListItem({ item, thresholds, waitingSeconds, selected, onSelect }: ListItemProps) {
  const active = item.status === 'open' || item.status === 'assigned';
  return (
    <button
      type="button"
      className="inbox-item"
      aria-current={selected ? 'true' : undefined}
      data-conversation-id={item.conversationId}
      onClick={() => onSelect(item.conversationId)}
    >
      <span className="inbox-item-top">
        <span className="inbox-item-name">{item.contactName || item.contactUsername || 'Unknown contact'}</span>
        {active ? <WaitingBadge seconds={waitingSeconds} thresholds={thresholds} /> : <span className="badge badge-draft">{item.status}</span>}
      </span>
      <span className="inbox-item-meta">
        <span className="inbox-chip">{item.platform}</span>
        {item.team && <span className="inbox-chip">{item.team}</span>}
        {item.priority && item.priority !== 'normal' && <span className={`inbox-chip inbox-priority-${item.priority}`}>{item.priority}</span>}
      </span>
      {item.note && <span className="inbox-item-note">{item.note}</span>}
      <span className="inbox-item-assignee">{item.assigneeEmail ? `Assigned to ${item.assigneeEmail}` : 'Unassigned'}</span>
    </button>
  );
}
