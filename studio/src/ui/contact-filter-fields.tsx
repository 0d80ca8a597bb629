import { useId } from 'react';
import type { ChannelConnection } from '../api-client/channels-api';
import type { ContactFilter } from '../api-client/contacts-api';
import { TextField } from './text-field';

interface ContactFilterFieldsProps {
  filter: ContactFilter;
  connections: ChannelConnection[];
  onChange: (filter: ContactFilter) => void;
}

/**
 * The contacts filter as form fields (the contacts page and broadcast audiences): search, tags, one custom field,
 * channel connection and last message time.
 */
export function ContactFilterFields({ filter, connections, onChange }: ContactFilterFieldsProps) {
  const connectionId = useId();
  const field = filter.fields?.[0];
  const set = (patch: Partial<ContactFilter>) => onChange({ ...filter, ...patch });
  return (
    <div className="contact-filter-fields">
      <TextField label="Search" type="search" placeholder="Name or username" value={filter.q ?? ''} onChange={(e) => set({ q: e.target.value || undefined })} />
      <TextField
        label="Tags (all of)"
        placeholder="vip, lead"
        value={(filter.tags ?? []).join(', ')}
        onChange={(e) => set({ tags: splitList(e.target.value) })}
      />
      <TextField
        label="Custom field"
        placeholder="plan:pro"
        hint="name:value"
        value={field ? `${field.key}:${field.value}` : ''}
        onChange={(e) => {
          const text = e.target.value;
          const at = text.indexOf(':');
          set({ fields: at > 0 ? [{ key: text.slice(0, at).trim(), value: text.slice(at + 1) }] : undefined });
        }}
      />
      <div className="field">
        <label htmlFor={connectionId}>Channel</label>
        <select id={connectionId} value={filter.connectionId ?? ''} onChange={(e) => set({ connectionId: e.target.value || undefined })}>
          <option value="">Any channel</option>
          {connections.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name} ({c.platform})
            </option>
          ))}
        </select>
      </div>
      <TextField
        label="Last message after"
        type="date"
        value={filter.lastMessageAfter?.slice(0, 10) ?? ''}
        onChange={(e) => set({ lastMessageAfter: e.target.value ? new Date(e.target.value).toISOString() : undefined })}
      />
      <TextField
        label="Last message before"
        type="date"
        value={filter.lastMessageBefore?.slice(0, 10) ?? ''}
        onChange={(e) => set({ lastMessageBefore: e.target.value ? new Date(e.target.value).toISOString() : undefined })}
      />
    </div>
  );
}

function splitList(text: string): string[] | undefined {
  const items = text.split(',').map((s) => s.trim()).filter(Boolean);
  return items.length ? items : undefined;
}
