import { useCallback, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { inboxApi, type InboxView, type TimelineEvent } from '../api-client/inbox-api';
import { useResource } from '../ui/use-resource';
import { ConversationList } from './conversation-list';
import { ConversationPane } from './conversation-pane';
import { InboxDashboard } from './inbox-dashboard';
import { useInboxSocket } from './use-inbox-socket';
import './inbox.css';

type Tab = 'conversations' | 'dashboard';

/** The agents' inbox: views and filters on the left, the open conversation in the middle, the contact on the right. */
export function InboxPage() {
  const { conversationId } = useParams();
  const navigate = useNavigate();
  const [tab, setTab] = useState<Tab>('conversations');
  const [view, setView] = useState<InboxView>('all');
  const [filters, setFilters] = useState<{ team: string; platform: string }>({ team: '', platform: '' });
  const [list, reloadList] = useResource(
    async () => ({ ...(await inboxApi.list(view, filters)), fetchedAt: Date.now() }),
    [view, filters.team, filters.platform],
  );
  // Bumped when a live event concerns the open conversation, so the pane reloads it.
  const [conversationTick, setConversationTick] = useState(0);

  const onEvent = useCallback(
    (event: TimelineEvent) => {
      reloadList();
      if (event.conversationId === conversationId) setConversationTick((n) => n + 1);
    },
    [conversationId, reloadList],
  );
  const socketState = useInboxSocket(onEvent);

  const onChanged = useCallback(() => {
    reloadList();
    setConversationTick((n) => n + 1);
  }, [reloadList]);

  return (
    <div className="inbox">
      <div className="inbox-tabs" role="tablist" aria-label="Inbox">
        <TabButton tab="conversations" current={tab} onSelect={setTab}>
          Conversations
        </TabButton>
        <TabButton tab="dashboard" current={tab} onSelect={setTab}>
          Dashboard
        </TabButton>
        <span className={`inbox-live inbox-live-${socketState}`} role="status">
          {socketState === 'live' ? 'Live' : socketState === 'connecting' ? 'Connecting…' : 'Offline, reconnecting…'}
        </span>
      </div>
      {tab === 'dashboard' ? (
        <div className="inbox-dashboard-wrap" role="tabpanel" aria-label="Dashboard">
          <InboxDashboard />
        </div>
      ) : (
        <div className="inbox-body" role="tabpanel" aria-label="Conversations">
          <ConversationList
            view={view}
            onViewChange={setView}
            filters={filters}
            onFiltersChange={setFilters}
            list={list}
            selectedId={conversationId}
            onSelect={(id) => navigate(`/inbox/${encodeURIComponent(id)}`)}
          />
          {conversationId ? (
            <ConversationPane key={conversationId} conversationId={conversationId} tick={conversationTick} onChanged={onChanged} />
          ) : (
            <section className="inbox-empty-pane" aria-label="Conversation">
              <p className="muted">Select a conversation to read it and reply.</p>
            </section>
          )}
        </div>
      )}
    </div>
  );
}

function TabButton({ tab, current, onSelect, children }: { tab: Tab; current: Tab; onSelect: (tab: Tab) => void; children: string }) {
  return (
    <button type="button" role="tab" aria-selected={tab === current} className="inbox-tab" onClick={() => onSelect(tab)}>
      {children}
    </button>
  );
}
