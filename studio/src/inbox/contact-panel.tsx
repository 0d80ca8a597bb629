import { useId, useState, type FormEvent } from 'react';
import { inboxApi, type ContactFieldValue, type ConversationDetail } from '../api-client/inbox-api';
import { formatDateTime } from '../ui/format-date';
import { safeHttpsUrl } from './safe-url';

interface ContactPanelProps {
  conversation: ConversationDetail;
  editable: boolean;
  run(action: () => Promise<unknown>): Promise<boolean>;
}

/** The right column: who the contact is, their custom fields and tags (editable by agents). */
export function ContactPanel({ conversation, editable, run }: ContactPanelProps) {
  const contact = conversation.contact;
  const avatar = safeHttpsUrl(contact.avatarUrl);
  return (
    <aside className="inbox-contact" aria-label="Contact">
      <div className="inbox-contact-head">
        {avatar && <img className="inbox-avatar" src={avatar} alt="" referrerPolicy="no-referrer" />}
        <div>
          <h2 className="inbox-contact-name">{contact.name || 'Unknown contact'}</h2>
          {contact.username && <p className="muted small">@{contact.username}</p>}
        </div>
      </div>
      <dl className="inbox-contact-facts">
        <dt>Channel</dt>
        <dd>{conversation.platform}</dd>
        {conversation.handoff?.note && (
          <>
            <dt>Handoff note</dt>
            <dd className="inbox-handoff-note">{conversation.handoff.note}</dd>
          </>
        )}
        {contact.lastInboundAt && (
          <>
            <dt>Last message</dt>
            <dd>{formatDateTime(contact.lastInboundAt)}</dd>
          </>
        )}
      </dl>
      {/* Keyed by the saved values: a change from elsewhere resets the form to them. */}
      <ContactForm
        key={JSON.stringify([contact.customFields, contact.tags])}
        conversationId={conversation.id}
        fields={contact.customFields ?? {}}
        tags={contact.tags ?? []}
        editable={editable}
        run={run}
      />
    </aside>
  );
}

interface ContactFormProps {
  conversationId: string;
  fields: Record<string, ContactFieldValue>;
  tags: string[];
  editable: boolean;
  run: ContactPanelProps['run'];
}

function ContactForm({ conversationId, fields, tags, editable, run }: ContactFormProps) {
  const [rows, setRows] = useState(() => Object.entries(fields).map(([key, value]) => ({ key, value: value === null ? '' : String(value) })));
  const [tagText, setTagText] = useState(tags.join(', '));
  const tagsId = useId();

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const customFields: Record<string, ContactFieldValue> = {};
    for (const key of Object.keys(fields)) customFields[key] = null; // removed unless kept below
    for (const row of rows) if (row.key.trim()) customFields[row.key.trim()] = row.value;
    const nextTags = [...new Set(tagText.split(',').map((t) => t.trim()).filter(Boolean))];
    await run(() => inboxApi.updateContact(conversationId, { customFields, tags: nextTags }));
  };

  return (
    <form className="stack inbox-contact-form" onSubmit={save}>
      <fieldset disabled={!editable}>
        <legend className="strong">Custom fields</legend>
        {rows.length === 0 && <p className="muted small">No custom fields.</p>}
        {rows.map((row, index) => (
          <div className="inbox-field-row" key={index}>
            <input aria-label={`Field ${index + 1} name`} value={row.key} maxLength={60} onChange={(e) => setRows(update(rows, index, { key: e.target.value }))} />
            <input aria-label={`Field ${index + 1} value`} value={row.value} maxLength={500} onChange={(e) => setRows(update(rows, index, { value: e.target.value }))} />
            <button type="button" className="button button-small button-ghost" aria-label={`Remove field ${row.key || index + 1}`} onClick={() => setRows(rows.filter((_, i) => i !== index))}>
              ×
            </button>
          </div>
        ))}
        <button type="button" className="link-button small" onClick={() => setRows([...rows, { key: '', value: '' }])}>
          + Add field
        </button>
      </fieldset>
      <div className="field">
        <label htmlFor={tagsId}>Tags</label>
        <input id={tagsId} value={tagText} disabled={!editable} onChange={(e) => setTagText(e.target.value)} placeholder="vip, refund" />
        <p className="field-hint">Separated by commas.</p>
      </div>
      {editable && (
        <button type="submit" className="button button-small button-secondary">
          Save contact
        </button>
      )}
    </form>
  );
}

function update<T>(list: T[], index: number, patch: Partial<T>): T[] {
  return list.map((item, i) => (i === index ? { ...item, ...patch } : item));
}
