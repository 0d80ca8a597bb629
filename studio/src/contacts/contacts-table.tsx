import type { Contact } from '../api-client/contacts-api';
import { formatRelative } from '../ui/format-date';

interface ContactsTableProps {
  contacts: Contact[];
  selected: Set<string>;
  onSelect: (selected: Set<string>) => void;
  onOpen: (contactId: string) => void;
  openId: string | null;
}

/** One page of contacts: checkboxes for bulk actions (and one for the whole page), each name opens the profile. */
export function ContactsTable({ contacts, selected, onSelect, onOpen, openId }: ContactsTableProps) {
  if (!contacts.length) return <p className="muted">No contact matches.</p>;
  const allOnPage = contacts.every((c) => selected.has(c.id));
  const toggle = (id: string) => {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    onSelect(next);
  };
  const togglePage = () => {
    const next = new Set(selected);
    for (const c of contacts) {
      if (allOnPage) next.delete(c.id);
      else next.add(c.id);
    }
    onSelect(next);
  };
  return (
    <div className="table-wrap">
      <table className="table contacts-table">
        <thead>
          <tr>
            <th scope="col">
              <input type="checkbox" aria-label="Select every contact on this page" checked={allOnPage} onChange={togglePage} />
            </th>
            <th scope="col">Name</th>
            <th scope="col">Username</th>
            <th scope="col">Channel</th>
            <th scope="col">Tags</th>
            <th scope="col">Last message</th>
            <th scope="col">Broadcasts</th>
          </tr>
        </thead>
        <tbody>
          {contacts.map((c) => {
            const name = c.name ?? ([c.firstName, c.lastName].filter(Boolean).join(' ') || c.username || 'Unnamed contact');
            return (
              <tr key={c.id} aria-current={c.id === openId ? 'true' : undefined} aria-selected={selected.has(c.id)}>
                <td>
                  <input type="checkbox" aria-label={`Select ${name}`} checked={selected.has(c.id)} onChange={() => toggle(c.id)} />
                </td>
                <td>
                  <button type="button" className="link-button" onClick={() => onOpen(c.id)}>
                    {name}
                  </button>
                </td>
                <td>{c.username ? `@${c.username}` : ''}</td>
                <td>
                  {c.connection.name} <span className="muted small">{c.connection.platform}</span>
                </td>
                <td>
                  {c.tags.map((tag) => (
                    <span key={tag} className="tag-chip">
                      {tag}
                    </span>
                  ))}
                </td>
                <td>{formatRelative(c.lastMessageAt)}</td>
                <td>{c.optedOutAt ? <span className="status-pill status-off">Opted out</span> : <span className="muted small">Subscribed</span>}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
