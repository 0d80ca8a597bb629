import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { inboxApi, type ConversationDetail } from '../api-client/inbox-api';
import { membersApi } from '../api-client/members-api';
import { useResource } from '../ui/use-resource';

interface ConversationActionsProps {
  conversation: ConversationDetail;
  currentUserId: string;
  run(action: () => Promise<unknown>): Promise<boolean>;
}

/** Claim, assign, snooze, note, return to the bot, close — only while a human has the conversation. */
export function ConversationActions({ conversation, currentUserId, run }: ConversationActionsProps) {
  const handoff = conversation.handoff;
  const active = handoff && (handoff.status === 'open' || handoff.status === 'assigned');
  if (!active) return null;
  const id = conversation.id;
  const mine = handoff.assigneeId === currentUserId;
  return (
    <div className="inbox-actions" role="toolbar" aria-label="Conversation actions">
      {!mine && (
        <button type="button" className="button button-small" onClick={() => run(() => inboxApi.claim(id))}>
          Claim
        </button>
      )}
      <AssignForm conversationId={id} run={run} />
      <Popover label="Snooze">{(close) => <SnoozeForm conversationId={id} run={run} onDone={close} />}</Popover>
      <Popover label="Add note">{(close) => <NoteForm conversationId={id} run={run} onDone={close} />}</Popover>
      <button type="button" className="button button-small button-secondary" onClick={() => run(() => inboxApi.resolve(id, 'bot'))}>
        Return to bot
      </button>
      <button type="button" className="button button-small button-danger" onClick={() => run(() => inboxApi.resolve(id, 'close'))}>
        Close
      </button>
    </div>
  );
}

/** A disclosure with a small form; `<details>` keeps it keyboard-operable without extra code. */
function Popover({ label, children }: { label: string; children: (close: () => void) => ReactNode }) {
  const [open, setOpen] = useState(false);
  return (
    <details className="inbox-popover" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary className="button button-small button-secondary">{label}</summary>
      {open && <div className="inbox-popover-body">{children(() => setOpen(false))}</div>}
    </details>
  );
}

function AssignForm({ conversationId, run }: { conversationId: string; run: ConversationActionsProps['run'] }) {
  return (
    <Popover label="Assign">
      {(close) => <AssignFields conversationId={conversationId} run={run} onDone={close} />}
    </Popover>
  );
}

function AssignFields({ conversationId, run, onDone }: { conversationId: string; run: ConversationActionsProps['run']; onDone(): void }) {
  const [members] = useResource(() => membersApi.list(), []);
  const [teams] = useResource(() => inboxApi.teams(), []);
  const [target, setTarget] = useState('');
  const fieldId = useId();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const [kind, value] = target.split(':', 2) as ['agent' | 'team', string];
    if (!value) return;
    if (await run(() => inboxApi.assign(conversationId, kind === 'agent' ? { userId: value } : { team: value }))) onDone();
  };
  return (
    <form className="stack inbox-popover-form" onSubmit={submit}>
      <label htmlFor={fieldId}>Assign to</label>
      <select id={fieldId} value={target} onChange={(e) => setTarget(e.target.value)} required>
        <option value="">Choose an agent or a team</option>
        <optgroup label="Agents">
          {members.status === 'ready' &&
            members.data
              .filter((m) => m.role !== 'viewer')
              .map((m) => (
                <option key={m.userId} value={`agent:${m.userId}`}>
                  {m.name ? `${m.name} (${m.email})` : m.email}
                </option>
              ))}
        </optgroup>
        <optgroup label="Teams">
          {teams.status === 'ready' &&
            teams.data.map((t) => (
              <option key={t.id} value={`team:${t.name}`}>
                {t.name}
              </option>
            ))}
        </optgroup>
      </select>
      <button type="submit" className="button button-small">
        Assign
      </button>
    </form>
  );
}

function SnoozeForm({ conversationId, run, onDone }: { conversationId: string; run: ConversationActionsProps['run']; onDone(): void }) {
  const [until, setUntil] = useState(() => toLocalInput(new Date(Date.now() + 3600_000)));
  const fieldId = useId();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const date = new Date(until);
    if (Number.isNaN(date.getTime())) return;
    if (await run(() => inboxApi.snooze(conversationId, date.toISOString()))) onDone();
  };
  return (
    <form className="stack inbox-popover-form" onSubmit={submit}>
      <label htmlFor={fieldId}>Snooze until</label>
      <input id={fieldId} type="datetime-local" value={until} onChange={(e) => setUntil(e.target.value)} required />
      <button type="submit" className="button button-small">
        Snooze
      </button>
    </form>
  );
}

function NoteForm({ conversationId, run, onDone }: { conversationId: string; run: ConversationActionsProps['run']; onDone(): void }) {
  const [text, setText] = useState('');
  const fieldId = useId();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!text.trim()) return;
    if (await run(() => inboxApi.note(conversationId, text.trim()))) onDone();
  };
  return (
    <form className="stack inbox-popover-form" onSubmit={submit}>
      <label htmlFor={fieldId}>Internal note (never sent to the contact)</label>
      <textarea id={fieldId} rows={3} maxLength={5000} value={text} onChange={(e) => setText(e.target.value)} required />
      <button type="submit" className="button button-small">
        Save note
      </button>
    </form>
  );
}

/** `YYYY-MM-DDTHH:mm` in local time, as `<input type="datetime-local">` wants. */
function toLocalInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
