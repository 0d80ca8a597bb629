import { useId, useState } from 'react';
import { errorMessage } from '../api-client/api-error';
import { contactsApi, type ContactFilter } from '../api-client/contacts-api';

interface BulkTagBarProps {
  selectedIds: string[];
  matching: number | null;
  filter: ContactFilter;
  onDone: (message: string, tone: 'success' | 'error') => void;
}

/** Add or remove a tag on the selected contacts, or on every contact the current filter matches. */
export function BulkTagBar({ selectedIds, matching, filter, onDone }: BulkTagBarProps) {
  const id = useId();
  const [tag, setTag] = useState('');
  const [scope, setScope] = useState<'selected' | 'filter'>('selected');
  const [busy, setBusy] = useState(false);
  const effectiveScope = selectedIds.length ? scope : 'filter';

  const run = async (change: 'add' | 'remove') => {
    const value = tag.trim();
    if (!value) return onDone('Type the tag first.', 'error');
    setBusy(true);
    try {
      const selection = effectiveScope === 'selected' ? { contactIds: selectedIds } : { filter };
      const { updated } = await contactsApi.bulkTags(selection, { [change]: [value] });
      onDone(`${change === 'add' ? 'Added' : 'Removed'} “${value}” ${change === 'add' ? 'to' : 'from'} ${updated} contact${updated === 1 ? '' : 's'}.`, 'success');
    } catch (caught) {
      onDone(errorMessage(caught), 'error');
    } finally {
      setBusy(false);
    }
  };

  return (
    <fieldset className="bulk-tag-bar card">
      <legend>Tag in bulk</legend>
      <div className="field">
        <label htmlFor={`${id}-tag`}>Tag</label>
        <input id={`${id}-tag`} value={tag} maxLength={60} onChange={(e) => setTag(e.target.value)} />
      </div>
      <div role="radiogroup" aria-label="Which contacts" className="bulk-scope">
        <label>
          <input type="radio" name={`${id}-scope`} checked={effectiveScope === 'selected'} disabled={!selectedIds.length} onChange={() => setScope('selected')} /> Selected ({selectedIds.length})
        </label>
        <label>
          <input type="radio" name={`${id}-scope`} checked={effectiveScope === 'filter'} onChange={() => setScope('filter')} /> All matching the filter
          {matching !== null ? ` (${matching.toLocaleString()})` : ''}
        </label>
      </div>
      <button type="button" className="button" disabled={busy} onClick={() => run('add')}>
        Add tag
      </button>
      <button type="button" className="button button-secondary" disabled={busy} onClick={() => run('remove')}>
        Remove tag
      </button>
    </fieldset>
  );
}
