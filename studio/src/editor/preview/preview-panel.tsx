import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { CHANNELS, simulate, upgradeFlowDocument, type Channel, type SimulationResult, type SimulationStep } from '../../nodes/runtime-catalog';
import { Alert } from '../../ui/alert';
import { useFlowEditor, useFlowEditorStore } from '../store/flow-editor-context';
import { chatLog, type ChatLine } from './chat-log';

/**
 * Chat with the draft as a contact would. The runtime itself runs in the browser (its `simulate`
 * drives the same engine the server uses); the step the conversation is at is lit on the canvas.
 */
export function PreviewPanel({ onClose }: { onClose(): void }) {
  const store = useFlowEditorStore();
  const document = useFlowEditor((state) => state.document);
  const [script, setScript] = useState<SimulationStep[]>([]);
  const [channel, setChannel] = useState<Channel>('messenger');
  const [text, setText] = useState('');
  const [start] = useState(() => new Date().toISOString());
  const channelId = useId();
  const messageId = useId();
  const logRef = useRef<HTMLOListElement>(null);

  const run = useMemo(() => runPreview(document, script, channel, start), [document, script, channel, start]);

  useEffect(() => {
    const nodeId = run.result?.conversation?.status === 'ended' ? null : (run.result?.conversation?.currentNodeId ?? null);
    store.getState().setPreviewNode(nodeId);
  }, [run, store]);
  useEffect(() => () => store.getState().setPreviewNode(null), [store]);
  // A block body: this Chromium's scrollIntoView returns a promise, and an effect may only return a cleanup.
  useEffect(() => {
    logRef.current?.lastElementChild?.scrollIntoView({ block: 'end' });
  }, [run]);

  const send = (step: SimulationStep) => setScript((current) => [...current, step]);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!text.trim()) return;
    send({ type: 'message-received', text: text.trim() });
    setText('');
  };
  const nextTimerMs = nextTimer(run.result, start, script);

  return (
    <aside className="inspector preview-panel" aria-label="Preview">
      <div className="inspector-header">
        <h2>Preview</h2>
        <button type="button" className="button button-secondary button-small" onClick={onClose}>
          Close
        </button>
      </div>
      <div className="compare-row">
        <span className="field">
          <label htmlFor={channelId}>Channel</label>
          <select id={channelId} value={channel} onChange={(event) => setChannel(event.target.value as Channel)}>
            {CHANNELS.map((item) => (
              <option key={item} value={item}>
                {item}
              </option>
            ))}
          </select>
        </span>
        <button type="button" className="button button-secondary button-small" onClick={() => setScript([])}>
          Restart
        </button>
        {nextTimerMs !== null && (
          <button type="button" className="button button-secondary button-small" onClick={() => send({ type: 'advance-time', ms: nextTimerMs })}>
            Skip the wait
          </button>
        )}
      </div>
      {run.error && <Alert>{run.error}</Alert>}
      <ol className="chat-log" ref={logRef} aria-live="polite">
        {script.length === 0 && <li className="chat-system">Send a message that matches one of this flow’s triggers.</li>}
        {run.lines.map((line, index) => (
          <ChatBubble key={index} line={line} onChoose={send} />
        ))}
      </ol>
      <form className="chat-input" onSubmit={onSubmit}>
        <label htmlFor={messageId} className="visually-hidden">
          Message as the contact
        </label>
        <input id={messageId} value={text} onChange={(event) => setText(event.target.value)} placeholder="Write as the contact…" autoComplete="off" />
        <button type="submit" className="button button-small">
          Send
        </button>
      </form>
      {run.result?.conversation && <Variables values={run.result.conversation.variables} tags={run.result.contact.tags} />}
    </aside>
  );
}

function ChatBubble({ line, onChoose }: { line: ChatLine; onChoose(step: SimulationStep): void }) {
  if (line.from === 'system') return <li className={`chat-system${line.tone === 'error' ? ' is-error' : ''}`}>{line.text}</li>;
  if (line.from === 'contact') return <li className="chat-bubble chat-contact">{line.text}</li>;
  return (
    <li className="chat-bubble chat-bot">
      {line.media && <span className="chat-media">[{line.media}]</span>}
      {line.text && <span className="chat-text">{line.text}</span>}
      {(line.choices.length > 0 || line.links.length > 0) && (
        <span className="chat-choices">
          {line.choices.map((choice) => (
            <button key={choice.title} type="button" className="chat-choice" onClick={() => onChoose(choice.step)}>
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

function Variables({ values, tags }: { values: Record<string, unknown>; tags: string[] }) {
  const entries = Object.entries(values);
  return (
    <div className="preview-variables">
      <h3 className="small strong">Variables</h3>
      {entries.length === 0 ? (
        <p className="muted small">None yet.</p>
      ) : (
        <dl>
          {entries.map(([name, value]) => (
            <div key={name}>
              <dt>{name}</dt>
              <dd>{typeof value === 'string' ? value : JSON.stringify(value)}</dd>
            </div>
          ))}
        </dl>
      )}
      {tags.length > 0 && <p className="small">Tags: {tags.join(', ')}</p>}
    </div>
  );
}

interface PreviewRun {
  result: SimulationResult | null;
  lines: ChatLine[];
  error: string | null;
}

function runPreview(document: unknown, script: SimulationStep[], channel: Channel, start: string): PreviewRun {
  try {
    const result = simulate(upgradeFlowDocument(document), script, { channel, start, contact: { first_name: 'Alex' } });
    return { result, lines: chatLog(result), error: null };
  } catch (error) {
    return { result: null, lines: [], error: `The preview cannot run this draft yet: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** Milliseconds until the earliest pending timer (a delay or a question timeout), if any. */
function nextTimer(result: SimulationResult | null, start: string, script: SimulationStep[]): number | null {
  const fireAts = Object.values(result?.pendingTimers ?? {}).map((at) => Date.parse(at));
  if (fireAts.length === 0) return null;
  const elapsed = script.reduce((sum, step) => sum + (step.type === 'advance-time' ? step.ms : 0), 0);
  return Math.max(1, Math.min(...fireAts) - (Date.parse(start) + elapsed));
}
