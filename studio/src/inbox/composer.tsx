import { useEffect, useId, useState, type FormEvent, type KeyboardEvent } from 'react';
import { inboxApi, type CannedResponse, type ReplyInput } from '../api-client/inbox-api';
import { safeHttpsUrl } from './safe-url';

interface ComposerProps {
  conversationId: string;
  run(action: () => Promise<unknown>): Promise<boolean>;
}

type MediaKind = NonNullable<ReplyInput['mediaKind']>;

/** The reply box: text, an attachment by https URL, and canned responses after `/`. */
export function Composer({ conversationId, run }: ComposerProps) {
  const [text, setText] = useState('');
  const [mediaUrl, setMediaUrl] = useState('');
  const [mediaKind, setMediaKind] = useState<MediaKind>('image');
  const [showAttachment, setShowAttachment] = useState(false);
  const [urlError, setUrlError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const ids = { text: useId(), url: useId(), kind: useId(), canned: useId() };
  const cannedQuery = /^\/(\S*)$/.exec(text)?.[1];
  const canned = useCannedSearch(cannedQuery);

  const send = async (event?: FormEvent) => {
    event?.preventDefault();
    const url = mediaUrl.trim();
    if (url && !safeHttpsUrl(url)) {
      setUrlError('Attachments must be an https:// URL.');
      return;
    }
    setUrlError(null);
    if (!text.trim() && !url) return;
    setSending(true);
    const ok = await run(() => inboxApi.reply(conversationId, { ...(text.trim() ? { text: text.trim() } : {}), ...(url ? { mediaUrl: url, mediaKind } : {}) }));
    setSending(false);
    if (ok) {
      setText('');
      setMediaUrl('');
      setShowAttachment(false);
    }
  };

  const insertCanned = async (response: CannedResponse) => {
    let rendered: string | null = null;
    await run(async () => {
      rendered = (await inboxApi.renderCanned(response.id, conversationId)).text;
    });
    if (rendered !== null) setText(rendered);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Escape' && cannedQuery !== undefined) setText('');
    if (event.key === 'Enter' && !event.shiftKey && cannedQuery === undefined) {
      event.preventDefault();
      void send();
    }
  };

  return (
    <form className="inbox-composer" onSubmit={send}>
      {cannedQuery !== undefined && (
        <div className="inbox-canned" id={ids.canned}>
          <p className="small muted">Canned responses{cannedQuery ? ` matching “${cannedQuery}”` : ''}</p>
          {canned.length === 0 ? (
            <p className="small muted">None found.</p>
          ) : (
            <ul aria-label="Canned responses">
              {canned.map((response) => (
                <li key={response.id}>
                  <button type="button" className="inbox-canned-item" onClick={() => insertCanned(response)}>
                    <span className="strong">/{response.shortcut}</span> <span className="muted">{response.body}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      <label htmlFor={ids.text} className="visually-hidden">
        Reply
      </label>
      <textarea
        id={ids.text}
        rows={3}
        maxLength={4000}
        placeholder="Reply… (type / for canned responses, Enter to send, Shift+Enter for a new line)"
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKeyDown}
        aria-controls={cannedQuery !== undefined ? ids.canned : undefined}
      />
      {showAttachment && (
        <div className="inbox-attachment">
          <label htmlFor={ids.url}>Attachment URL</label>
          <input id={ids.url} type="url" inputMode="url" placeholder="https://…" value={mediaUrl} onChange={(e) => setMediaUrl(e.target.value)} />
          <label htmlFor={ids.kind}>Kind</label>
          <select id={ids.kind} value={mediaKind} onChange={(e) => setMediaKind(e.target.value as MediaKind)}>
            <option value="image">Image</option>
            <option value="video">Video</option>
            <option value="audio">Audio</option>
            <option value="file">File</option>
          </select>
        </div>
      )}
      {urlError && <p className="field-error" role="alert">{urlError}</p>}
      <div className="inbox-composer-actions">
        <button type="button" className="button button-small button-ghost" aria-expanded={showAttachment} onClick={() => setShowAttachment((v) => !v)}>
          {showAttachment ? 'Remove attachment' : 'Attach URL'}
        </button>
        <button type="submit" className="button button-small" disabled={sending}>
          {sending ? 'Sending…' : 'Send'}
        </button>
      </div>
    </form>
  );
}

/** Canned responses matching the text after `/`, debounced; empty while the composer is not in `/` mode. */
function useCannedSearch(query: string | undefined): CannedResponse[] {
  const [results, setResults] = useState<CannedResponse[]>([]);
  useEffect(() => {
    if (query === undefined) return;
    let current = true;
    const timer = setTimeout(() => {
      inboxApi.searchCanned(query).then(
        (found) => current && setResults(found),
        () => current && setResults([]),
      );
    }, 150);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [query]);
  return query === undefined ? [] : results;
}
