import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { errorMessage } from '../../api-client/api-error';
import { previewApi, type PreviewSession, type PreviewState } from '../../api-client/preview-api';
import { CHANNELS, getNodeDefinition, type Channel, type FlowDocument } from '../../nodes/runtime-catalog';
import { Alert } from '../../ui/alert';
import { useFlowEditor, useFlowEditorStore } from '../store/flow-editor-context';
import type { SaveState } from '../store/use-autosave';
import { botLine, type ChatLine } from './chat-log';

const POLL_MS = 600;

interface StartOptions {
  channel: Channel;
  startNodeId: string;
  variablesText: string;
}

/**
 * Chat with the saved draft as a contact would, through the server's runtime and the web chat channel: the
 * server pins the conversation to a snapshot of the draft, so what answers here is what would answer live. The
 * step the conversation is at is lit on the canvas; variables and contact fields follow the server's state.
 */
export function PreviewPanel({ flowId, save, canEdit, onClose }: { flowId: string; save: SaveState; canEdit: boolean; onClose(): void }) {
  const store = useFlowEditorStore();
  const nodes = useFlowEditor((state) => state.document.nodes);
  const savedDocument = useFlowEditor((state) => state.savedDocument);
  const [options, setOptions] = useState<StartOptions>({ channel: 'webchat', startNodeId: '', variablesText: '' });
  const [optionsError, setOptionsError] = useState<string | null>(null);
  // Each restart is a new generation; a generation starts once the draft on the server is the one on screen.
  const [generation, setGeneration] = useState(0);
  const [startedGeneration, setStartedGeneration] = useState(-1);
  const startWith = useRef(options);
  const [session, setSession] = useState<PreviewSession | null>(null);
  const [snapshotOf, setSnapshotOf] = useState<FlowDocument | null>(null);
  const [lines, setLines] = useState<ChatLine[]>([]);
  const [state, setState] = useState<PreviewState | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [text, setText] = useState('');
  const logRef = useRef<HTMLOListElement>(null);
  const ids = { channel: useId(), start: useId(), variables: useId(), message: useId() };
  // A preview session is a server resource editors create; viewers see why there is no chat.
  const saved = save.status === 'saved' && canEdit;

  useEffect(() => {
    if (saved && startedGeneration !== generation) setStartedGeneration(generation);
  }, [saved, generation, startedGeneration]);

  // One server session per generation, deleted when replaced or when the panel closes.
  useEffect(() => {
    if (startedGeneration < 0) return;
    let cancelled = false;
    let created: PreviewSession | null = null;
    const { channel, startNodeId, variablesText } = startWith.current;
    setLines([]);
    setState(null);
    setError(null);
    setSession(null);
    setSnapshotOf(store.getState().savedDocument);
    previewApi
      .start(flowId, { channel, ...(startNodeId ? { startNodeId } : {}), ...(variablesText.trim() ? { variables: JSON.parse(variablesText) as Record<string, unknown> } : {}) })
      .then((started) => {
        if (cancelled) return void previewApi.stop(flowId, started.id).catch(() => undefined);
        created = started;
        setSession(started);
      })
      .catch((caught) => !cancelled && setError(errorMessage(caught)));
    return () => {
      cancelled = true;
      if (created) void previewApi.stop(flowId, created.id).catch(() => undefined);
    };
  }, [flowId, startedGeneration, store]);

  // The bot's replies, as the web chat channel delivers them (a reconnect replays: keep each message once).
  useEffect(() => {
    if (!session) return;
    const seen = new Set<string>();
    return previewApi.listen(
      session,
      (message, id) => {
        if (id && seen.has(id)) return;
        if (id) seen.add(id);
        setLines((current) => [...current, botLine(message)]);
      },
      () => undefined, // EventSource reconnects by itself
    );
  }, [session]);

  // Where the conversation is, from the server: the current step lights up on the canvas.
  useEffect(() => {
    if (!session) return;
    let stopped = false;
    let timer: number | undefined;
    let processed = 0;
    const poll = async () => {
      try {
        const next = await previewApi.state(flowId, session.id);
        if (stopped) return;
        setState(next);
        // A message the worker handled without any trigger of the draft matching gets a note in the chat.
        if (next.messages.processed > processed && next.messages.lastOutcome === 'no-trigger') {
          setLines((current) => [...current, { from: 'system', text: 'No trigger of this flow matches that message.', tone: 'info' }]);
        }
        processed = next.messages.processed;
        store.getState().setPreviewNode(next.currentNodeId);
      } catch {
        // A missed poll is retried on the next tick.
      }
      if (!stopped) timer = window.setTimeout(() => void poll(), POLL_MS);
    };
    void poll();
    return () => {
      stopped = true;
      window.clearTimeout(timer);
    };
  }, [flowId, session, store]);
  useEffect(() => () => store.getState().setPreviewNode(null), [store]);
  // A block body: this Chromium's scrollIntoView returns a promise, and an effect may only return a cleanup.
  useEffect(() => {
    logRef.current?.lastElementChild?.scrollIntoView({ block: 'end' });
  }, [lines]);

  const send = async (reply: { text: string; payload?: string }) => {
    if (!session) return;
    setLines((current) => [...current, { from: 'contact', text: reply.text }]);
    try {
      await previewApi.say(session, reply);
    } catch (caught) {
      setLines((current) => [...current, { from: 'system', text: `Not sent: ${errorMessage(caught)}`, tone: 'error' }]);
    }
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!text.trim()) return;
    void send({ text: text.trim() });
    setText('');
  };
  const [returning, setReturning] = useState(false);
  const returnToBot = async () => {
    if (!session) return;
    setReturning(true);
    try {
      await previewApi.returnToBot(flowId, session.id);
      setLines((current) => [...current, { from: 'system', text: 'Returned to the bot.', tone: 'info' }]);
    } catch (caught) {
      setLines((current) => [...current, { from: 'system', text: `Not returned: ${errorMessage(caught)}`, tone: 'error' }]);
    } finally {
      setReturning(false);
    }
  };
  const restart = () => {
    const problem = variablesProblem(options.variablesText);
    setOptionsError(problem);
    if (problem) return;
    startWith.current = options;
    setGeneration((current) => current + 1);
  };

  const currentNode = nodes.find((node) => node.id === state?.currentNodeId);
  return (
    <aside className="inspector preview-panel" aria-label="Preview">
      <div className="inspector-header">
        <h2>Preview</h2>
        <button type="button" className="button button-secondary button-small" onClick={onClose}>
          Close
        </button>
      </div>
      <details className="preview-options">
        <summary>Start options</summary>
        <span className="field">
          <label htmlFor={ids.channel}>Channel</label>
          <select id={ids.channel} value={options.channel} onChange={(event) => setOptions({ ...options, channel: event.target.value as Channel })}>
            {CHANNELS.map((item) => (
              <option key={item} value={item}>
                {item}
              </option>
            ))}
          </select>
        </span>
        <span className="field">
          <label htmlFor={ids.start}>Start at</label>
          <select id={ids.start} value={options.startNodeId} onChange={(event) => setOptions({ ...options, startNodeId: event.target.value })}>
            <option value="">A trigger (send a message)</option>
            {nodes.map((node) => (
              <option key={node.id} value={node.id}>
                {nodeLabel(node.type)} · {node.id}
              </option>
            ))}
          </select>
        </span>
        <span className="field">
          <label htmlFor={ids.variables}>Starting variables (JSON)</label>
          <textarea
            id={ids.variables}
            rows={2}
            value={options.variablesText}
            placeholder='{"email": "ana@example.com"}'
            onChange={(event) => setOptions({ ...options, variablesText: event.target.value })}
          />
        </span>
        {optionsError && <Alert>{optionsError}</Alert>}
      </details>
      <div className="compare-row">
        <button type="button" className="button button-secondary button-small" onClick={restart}>
          Restart
        </button>
        <span className="muted small" role="status">
          {previewStatus(session, state, currentNode ? `${nodeLabel(currentNode.type)} · ${currentNode.id}` : null, saved)}
        </span>
      </div>
      {session && snapshotOf !== null && snapshotOf !== savedDocument && (
        <Alert tone="info">The draft changed since this preview started. Restart to preview the latest version.</Alert>
      )}
      {!canEdit && <Alert tone="info">The preview runs this draft on the server: it needs editor access to this workspace.</Alert>}
      {error && <Alert>{error}</Alert>}
      {state?.lastError?.message && <Alert>{state.lastError.message}</Alert>}
      {session && state?.status === 'handed-off' && (
        <div className="preview-handoff" role="status">
          <p className="small">Handed off to an agent — in a preview no agent is notified.</p>
          <button type="button" className="button button-small" onClick={() => void returnToBot()} disabled={returning}>
            Return to bot
          </button>
        </div>
      )}
      <ol className="chat-log" ref={logRef} aria-live="polite">
        {lines.length === 0 && <li className="chat-system">{startWith.current.startNodeId ? 'Starting…' : 'Send a message that matches one of this flow’s triggers.'}</li>}
        {lines.map((line, index) => (
          <ChatBubble key={index} line={line} onChoose={(reply) => void send(reply)} />
        ))}
      </ol>
      <form className="chat-input" onSubmit={onSubmit}>
        <label htmlFor={ids.message} className="visually-hidden">
          Message as the contact
        </label>
        <input id={ids.message} value={text} onChange={(event) => setText(event.target.value)} placeholder="Write as the contact…" autoComplete="off" />
        <button type="submit" className="button button-small" disabled={!session}>
          Send
        </button>
      </form>
      {state && <LiveState state={state} />}
    </aside>
  );
}

function ChatBubble({ line, onChoose }: { line: ChatLine; onChoose(reply: { text: string; payload?: string }): void }) {
  if (line.from === 'system') return <li className={`chat-system${line.tone === 'error' ? ' is-error' : ''}`}>{line.text}</li>;
  if (line.from === 'contact') return <li className="chat-bubble chat-contact">{line.text}</li>;
  return (
    <li className="chat-bubble chat-bot">
      {line.media && <span className="chat-media">[{line.media}]</span>}
      {line.text && <span className="chat-text">{line.text}</span>}
      {(line.choices.length > 0 || line.links.length > 0) && (
        <span className="chat-choices">
          {line.choices.map((choice) => (
            <button key={choice.title} type="button" className="chat-choice" onClick={() => onChoose(choice.reply)}>
              {choice.title}
            </button>
          ))}
          {line.links.map((link) => (
            <a key={link.title} className="chat-choice" href={link.url} target="_blank" rel="noreferrer noopener">
              {link.title} ↗
            </a>
          ))}
        </span>
      )}
    </li>
  );
}

function LiveState({ state }: { state: PreviewState }) {
  const variables = Object.entries(state.variables);
  const fields = Object.entries(state.contact.customFields);
  return (
    <div className="preview-variables">
      <h3 className="small strong">Variables</h3>
      {variables.length === 0 ? <p className="muted small">None yet.</p> : <ValueList entries={variables} />}
      <h3 className="small strong">Contact</h3>
      <ValueList entries={[['name', state.contact.name ?? ''], ...fields]} />
      {state.contact.tags.length > 0 && <p className="small">Tags: {state.contact.tags.join(', ')}</p>}
    </div>
  );
}

function ValueList({ entries }: { entries: Array<[string, unknown]> }) {
  return (
    <dl>
      {entries.map(([name, value]) => (
        <div key={name}>
          <dt>{name}</dt>
          <dd>{typeof value === 'string' ? value : JSON.stringify(value)}</dd>
        </div>
      ))}
    </dl>
  );
}

function previewStatus(session: PreviewSession | null, state: PreviewState | null, at: string | null, saved: boolean): string {
  if (!session) return saved ? 'Starting the preview…' : 'Waiting for your changes to be saved…';
  if (!state || state.status === 'not-started') return `Ready · ${session.channel}`;
  if (state.status === 'ended') return 'The conversation ended.';
  if (state.status === 'handed-off') return at ? `Handed off at ${at}` : 'Handed off';
  return at ? `At ${at}` : state.status;
}

function nodeLabel(type: string): string {
  return getNodeDefinition(type)?.label ?? type;
}

function variablesProblem(text: string): string | null {
  if (!text.trim()) return null;
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? null : 'Starting variables must be a JSON object, like {"email": "ana@example.com"}.';
  } catch {
    return 'Starting variables are not valid JSON.';
  }
}
