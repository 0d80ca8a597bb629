import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { errorMessage } from '../api-client/api-error';
import { channelsApi } from '../api-client/channels-api';
import { contactsApi, type ContactFilter } from '../api-client/contacts-api';
import { useSession } from '../app/auth-context';
import { canEditFlows } from '../app/permissions';
import { Alert } from '../ui/alert';
import { ContactFilterFields } from '../ui/contact-filter-fields';
import { Loading } from '../ui/loading';
import { useResource } from '../ui/use-resource';
import { BulkTagBar } from './bulk-tag-bar';
import { ContactProfilePanel } from './contact-profile-panel';
import { ContactsTable } from './contacts-table';
import './contacts.css';

const PAGE_SIZE = 50;

/** /contacts — search and filter contacts, page through them, tag in bulk, export CSV, open a profile. */
export function ContactsPage() {
  const role = useSession().currentWorkspace.role;
  const [searchParams, setSearchParams] = useSearchParams();
  const [draft, setDraft] = useState<ContactFilter>({});
  const [filter, setFilter] = useState<ContactFilter>({});
  // Keyset pages: the cursors of the pages before this one, so "Previous" can go back.
  const [cursors, setCursors] = useState<Array<string | undefined>>([undefined]);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [message, setMessage] = useState<{ tone: 'error' | 'success'; text: string } | null>(null);
  const cursor = cursors[cursors.length - 1];
  const [connections] = useResource(() => channelsApi.list(), []);
  const [page, reload] = useResource(() => contactsApi.list(filter, { cursor, limit: PAGE_SIZE }), [filter, cursor]);
  const [count, reloadCount] = useResource(() => contactsApi.count(filter), [filter]);
  const openId = searchParams.get('contact');

  const apply = (event: React.FormEvent) => {
    event.preventDefault();
    setFilter(draft);
    setCursors([undefined]);
    setSelected(new Set());
  };
  const refresh = () => {
    reload();
    reloadCount();
  };
  const open = (contactId: string | null) => setSearchParams(contactId ? { contact: contactId } : {});

  return (
    <div className="page contacts-page">
      <div className="page-header">
        <div>
          <h1>Contacts</h1>
          <p className="muted">{count.status === 'ready' ? `${count.data.count.toLocaleString()} matching` : 'Everyone who wrote to your channels.'}</p>
        </div>
        {canEditFlows(role) && (
          <a className="button button-secondary" href={contactsApi.exportUrl(filter)} download>
            Export CSV
          </a>
        )}
      </div>
      <form className="contacts-filter card" onSubmit={apply} aria-label="Filter contacts">
        <ContactFilterFields filter={draft} connections={connections.status === 'ready' ? connections.data : []} onChange={setDraft} />
        <div className="contacts-filter-actions">
          <button type="submit" className="button">
            Apply filter
          </button>
          <button type="button" className="button button-ghost" onClick={() => (setDraft({}), setFilter({}), setCursors([undefined]))}>
            Clear
          </button>
        </div>
      </form>
      {message && <Alert tone={message.tone}>{message.text}</Alert>}
      {canEditFlows(role) && (
        <BulkTagBar
          selectedIds={[...selected]}
          matching={count.status === 'ready' ? count.data.count : null}
          filter={filter}
          onDone={(text, tone) => {
            setMessage({ text, tone });
            if (tone === 'success') refresh();
          }}
        />
      )}
      {page.status === 'loading' && <Loading label="Loading contacts…" />}
      {page.status === 'error' && <Alert>Could not load contacts: {errorMessage(page.error)}</Alert>}
      {page.status === 'ready' && (
        <>
          <ContactsTable contacts={page.data.items} selected={selected} onSelect={setSelected} onOpen={open} openId={openId} />
          <nav className="contacts-pager" aria-label="Pages">
            <button type="button" className="button button-secondary" disabled={cursors.length === 1} onClick={() => setCursors(cursors.slice(0, -1))}>
              Previous
            </button>
            <span className="muted">Page {cursors.length}</span>
            <button type="button" className="button button-secondary" disabled={!page.data.nextCursor} onClick={() => setCursors([...cursors, page.data.nextCursor!])}>
              Next
            </button>
          </nav>
        </>
      )}
      {openId && <ContactProfilePanel contactId={openId} onClose={() => open(null)} onChanged={refresh} />}
    </div>
  );
}
