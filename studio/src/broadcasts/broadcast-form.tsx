import { useState } from 'react';
import { errorMessage } from '../api-client/api-error';
import { broadcastsApi, type BroadcastDefinition, type EligibilityPreview } from '../api-client/broadcasts-api';
import { channelsApi } from '../api-client/channels-api';
import type { ContactFilter } from '../api-client/contacts-api';
import { flowsApi } from '../api-client/flows-api';
import { Alert } from '../ui/alert';
import { ContactFilterFields } from '../ui/contact-filter-fields';
import { TextField } from '../ui/text-field';
import { useResource } from '../ui/use-resource';

interface BroadcastFormProps {
  onCreated: (broadcastId: string) => void;
  onCancel: () => void;
}

/** A new broadcast: what (a message with quick replies, or a flow), the WhatsApp template, the audience, when; with an eligibility preview. */
export function BroadcastForm({ onCreated, onCancel }: BroadcastFormProps) {
  const [name, setName] = useState('');
  const [kind, setKind] = useState<'message' | 'flow'>('message');
  const [text, setText] = useState('');
  const [quickReplies, setQuickReplies] = useState('');
  const [flowId, setFlowId] = useState('');
  const [templateKey, setTemplateKey] = useState('');
  const [templateParams, setTemplateParams] = useState('');
  const [audience, setAudience] = useState<ContactFilter>({});
  const [scheduledAt, setScheduledAt] = useState('');
  const [preview, setPreview] = useState<EligibilityPreview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [connections] = useResource(() => channelsApi.list(), []);
  const [flows] = useResource(() => flowsApi.list(), []);
  const [templates] = useResource(() => broadcastsApi.templates(), []);
  const approved = templates.status === 'ready' ? [...new Map(templates.data.filter((t) => t.status === 'approved').map((t) => [`${t.name}|${t.language}`, t])).values()] : [];

  const definition = (): BroadcastDefinition => {
    const replies = quickReplies.split(',').map((s) => s.trim()).filter(Boolean).map((title) => ({ title, payload: title.toUpperCase() }));
    const [tName, tLanguage] = templateKey.split('|');
    return {
      kind,
      ...(kind === 'message' ? { message: { text, ...(replies.length ? { quickReplies: replies } : {}) } } : { flowId }),
      ...(templateKey && kind === 'message' ? { template: { name: tName, language: tLanguage, parameters: templateParams.split(',').map((s) => s.trim()).filter(Boolean) } } : {}),
      audience,
    };
  };
  const run = async (action: () => Promise<void>) => {
    setError(null);
    try {
      await action();
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };

  return (
    <form className="broadcast-form card" aria-label="New broadcast" onSubmit={(e) => (e.preventDefault(), run(async () => onCreated((await broadcastsApi.create({ name, ...definition(), ...(scheduledAt ? { scheduledAt: new Date(scheduledAt).toISOString() } : {}) })).id)))}>
      <h2>New broadcast</h2>
      <TextField label="Name" required maxLength={120} value={name} onChange={(e) => setName(e.target.value)} />
      <fieldset>
        <legend>Send</legend>
        <label>
          <input type="radio" name="broadcast-kind" checked={kind === 'message'} onChange={() => setKind('message')} /> A message
        </label>
        <label>
          <input type="radio" name="broadcast-kind" checked={kind === 'flow'} onChange={() => setKind('flow')} /> Start a flow
        </label>
      </fieldset>
      {kind === 'message' ? (
        <>
          <div className="field">
            <label htmlFor="broadcast-text">Message</label>
            <textarea id="broadcast-text" required maxLength={2000} rows={3} value={text} onChange={(e) => setText(e.target.value)} placeholder="Hi {{contact.first_name}}, …" />
          </div>
          <TextField label="Quick replies" hint="Comma-separated titles, up to 20 characters each" value={quickReplies} onChange={(e) => setQuickReplies(e.target.value)} />
          <div className="field">
            <label htmlFor="broadcast-template">WhatsApp template</label>
            <select
              id="broadcast-template"
              value={templateKey}
              onChange={(e) => {
                setTemplateKey(e.target.value);
                // WhatsApp refuses a send whose parameter count differs from the template's {{n}} placeholders.
                const body = approved.find((t) => `${t.name}|${t.language}` === e.target.value)?.body ?? '';
                const count = new Set(body.match(/\{\{\d+\}\}/g) ?? []).size;
                setTemplateParams(Array.from({ length: count }, (_, i) => (i === 0 ? '{{contact.first_name}}' : '')).join(', '));
              }}
            >
              <option value="">None (WhatsApp contacts are left out)</option>
              {approved.map((t) => (
                <option key={t.id} value={`${t.name}|${t.language}`}>
                  {t.name} ({t.language})
                </option>
              ))}
            </select>
          </div>
          {templateKey && (
            <TextField label="Template parameters" hint="{{1}}, {{2}}… in order, comma-separated; may use {{contact.first_name}}" value={templateParams} onChange={(e) => setTemplateParams(e.target.value)} />
          )}
        </>
      ) : (
        <div className="field">
          <label htmlFor="broadcast-flow">Flow</label>
          <select id="broadcast-flow" required value={flowId} onChange={(e) => setFlowId(e.target.value)}>
            <option value="">Choose a published flow</option>
            {flows.status === 'ready' &&
              flows.data.items.map((f) => (
                <option key={f.id} value={f.id}>
                  {f.name}
                </option>
              ))}
          </select>
        </div>
      )}
      <fieldset>
        <legend>Audience</legend>
        <ContactFilterFields filter={audience} connections={connections.status === 'ready' ? connections.data : []} onChange={setAudience} />
      </fieldset>
      <TextField label="Send at" type="datetime-local" hint="Empty: now" value={scheduledAt} onChange={(e) => setScheduledAt(e.target.value)} />
      {preview && (
        <div className="broadcast-preview" role="status">
          <p>
            <strong>{preview.eligible.toLocaleString()}</strong> of {preview.audience.toLocaleString()} contacts are eligible now.
          </p>
          <ul>
            {preview.ineligible.map((r) => (
              <li key={r.reason}>
                {r.count.toLocaleString()} — {r.explanation}
              </li>
            ))}
          </ul>
        </div>
      )}
      {error && <Alert>{error}</Alert>}
      <div className="contacts-filter-actions">
        <button type="button" className="button button-secondary" onClick={() => run(async () => setPreview(await broadcastsApi.preview(definition())))}>
          Preview eligibility
        </button>
        <button type="submit" className="button">
          {scheduledAt ? 'Schedule' : 'Send now'}
        </button>
        <button type="button" className="button button-ghost" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
