import { useCallback, useEffect, useState } from 'react';
import { errorMessage } from '../api-client/api-error';
import { inboxApi, type ConversationDetail } from '../api-client/inbox-api';
import { useSession } from '../app/auth-context';
import { Alert } from '../ui/alert';
import { Loading } from '../ui/loading';
import { useResource } from '../ui/use-resource';
import { Composer } from './composer';
import { ContactPanel } from './contact-panel';
import { ConversationActions } from './conversation-actions';
import { Timeline } from './timeline';

interface ConversationPaneProps {
  conversationId: string;
  /** Changes when a live event concerns this conversation: reload it. */
  tick: number;
  /** After this pane changed something (claim, reply…): the list should reload too. */
  onChanged(): void;
}

/** The middle and right columns: timeline, actions and composer; the contact panel. */
export function ConversationPane({ conversationId, tick, onChanged }: ConversationPaneProps) {
  const session = useSession();
  const [detail, reload] = useResource(() => inboxApi.detail(conversationId), [conversationId, tick]);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    setError(null);
  }, [conversationId]);

  /** Runs an action; shows the server's message on failure, reloads on success. Resolves true when it worked. */
  const run = useCallback(
    async (action: () => Promise<unknown>): Promise<boolean> => {
      setError(null);
      try {
        await action();
        reload();
        onChanged();
        return true;
      } catch (caught) {
        setError(errorMessage(caught));
        reload();
        return false;
      }
    },
    [reload, onChanged],
  );

  if (detail.status === 'loading') return <Loading label="Opening the conversation…" />;
  if (detail.status === 'error') {
    return (
      <section className="inbox-conversation" aria-label="Conversation">
        <Alert>{errorMessage(detail.error)}</Alert>
      </section>
    );
  }
  const conversation: ConversationDetail = detail.data;
  const contactName = conversation.contact.name || conversation.contact.username || 'Unknown contact';
  const canAct = session.currentWorkspace.role !== 'viewer';
  // Replies only while a human has the conversation; after it went back to the bot the composer would only be refused.
  const handoffActive = conversation.handoff?.status === 'open' || conversation.handoff?.status === 'assigned';

  return (
    <>
      <section className="inbox-conversation" aria-label="Conversation">
        <header className="inbox-conversation-header">
          <div>
            <h1 className="inbox-conversation-title">{contactName}</h1>
            <p className="muted small inbox-conversation-status" data-testid="handoff-status">
              {describeHandoff(conversation, session.user.id)}
            </p>
          </div>
          {canAct && <ConversationActions conversation={conversation} currentUserId={session.user.id} run={run} />}
        </header>
        <Timeline conversationId={conversation.id} messages={conversation.messages} events={conversation.events} />
        {canAct && (
          <div className="inbox-composer-area">
            {!handoffActive && <p className="muted small">The bot has this conversation; replies are off.</p>}
            {error && (
              <div className="inbox-composer-error">
                <Alert>{error}</Alert>
              </div>
            )}
            {handoffActive && <Composer conversationId={conversation.id} run={run} />}
          </div>
        )}
      </section>
      <ContactPanel conversation={conversation} editable={canAct} run={run} />
    </>
  );
}

function describeHandoff(conversation: ConversationDetail, currentUserId: string): string {
  const handoff = conversation.handoff;
  if (!handoff) return `Talking with the bot on ${conversation.platform}`;
  const where = `${conversation.platform}${handoff.team ? ` · ${handoff.team}` : ''}`;
  if (handoff.status === 'open') return `Waiting for an agent · ${where}`;
  if (handoff.status === 'assigned') {
    return `${handoff.assigneeId === currentUserId ? 'Assigned to you' : `Assigned to ${handoff.assigneeEmail ?? 'an agent'}`} · ${where}`;
  }
  if (handoff.status === 'resolved') return `Returned to the bot · ${where}`;
  if (handoff.status === 'closed') return `Closed · ${where}`;
  return `No agent answered in time · ${where}`;
}
