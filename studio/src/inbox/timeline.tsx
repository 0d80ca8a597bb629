import { useEffect, useRef } from 'react';
import type { TimelineEvent, TimelineMessage } from '../api-client/inbox-api';
import { formatDateTime } from '../ui/format-date';
import { describeEvent } from './describe-event';
import { MessageContentView } from './message-content';

// Events that duplicate a message already shown as a bubble.
const HIDDEN_EVENTS = new Set(['agent-message', 'message-received', 'message-sent']);

type Entry = { kind: 'message'; at: number; message: TimelineMessage } | { kind: 'event'; at: number; event: TimelineEvent };

/** Messages from the contact, the bot and agents, interleaved with system events, oldest first. */
export function Timeline({ conversationId, messages, events }: { conversationId: string; messages: TimelineMessage[]; events: TimelineEvent[] }) {
  const entries: Entry[] = [
    ...messages.map((message): Entry => ({ kind: 'message', at: Date.parse(message.at), message })),
    ...events.filter((e) => !HIDDEN_EVENTS.has(e.kind)).map((event): Entry => ({ kind: 'event', at: Date.parse(event.at), event })),
  ].sort((a, b) => a.at - b.at);
  const end = useRef<HTMLLIElement>(null);
  useEffect(() => {
    end.current?.scrollIntoView?.({ block: 'end' });
  }, [entries.length]);

  return (
    <ol className="inbox-timeline" aria-label="Timeline">
      {entries.length === 0 && <li className="muted">Nothing in this conversation yet.</li>}
      {entries.map((entry) =>
        entry.kind === 'message' ? (
          <MessageBubble key={`m-${entry.message.author}-${entry.message.id}`} conversationId={conversationId} message={entry.message} />
        ) : (
          <li key={`e-${entry.event.id}`} className={`inbox-event inbox-event-${entry.event.kind}`}>
            <span>{describeEvent(entry.event)}</span>
            {entry.event.kind === 'note' && typeof entry.event.data.text === 'string' && (
              <span className="inbox-note-text">{entry.event.data.text}</span>
            )}
            <time className="muted small" dateTime={entry.event.at}>
              {formatDateTime(entry.event.at)}
            </time>
          </li>
        ),
      )}
      <li ref={end} aria-hidden="true" className="inbox-timeline-end" />
    </ol>
  );
}

const AUTHOR_LABEL = { contact: 'Contact', bot: 'Bot', agent: 'Agent' } as const;

function MessageBubble({ conversationId, message }: { conversationId: string; message: TimelineMessage }) {
  const flagged = message.status === 'uncertain' || message.status === 'blocked' || message.status === 'failed';
  return (
    <li className={`inbox-message inbox-message-${message.author}${flagged ? ' inbox-message-flagged' : ''}`} data-status={message.status ?? undefined}>
      <span className="inbox-message-author small muted">{AUTHOR_LABEL[message.author]}</span>
      <div className="inbox-bubble">
        <MessageContentView
          content={message.content}
          source={message.author === 'contact' ? { conversationId, messageId: message.id } : undefined}
        />
      </div>
      <span className="inbox-message-meta small">
        <time className="muted" dateTime={message.at}>
          {formatDateTime(message.at)}
        </time>
        {message.status && <DeliveryBadge status={message.status} />}
      </span>
      {flagged && message.error && <span className="inbox-message-error small">{message.error}</span>}
    </li>
  );
}

const DELIVERY_LABEL: Record<string, string> = {
  pending: 'Queued',
  sending: 'Sending',
  sent: 'Sent',
  failed: 'Failed',
  blocked: 'Blocked — not sent',
  uncertain: 'Uncertain — may not have been delivered',
};

function DeliveryBadge({ status }: { status: string }) {
  return <span className={`inbox-delivery inbox-delivery-${status}`}>{DELIVERY_LABEL[status] ?? status}</span>;
}
