import { useEffect, useState } from 'react';
import { errorMessage } from '../../api-client/api-error';
import { flowsApi } from '../../api-client/flows-api';
import type { FlowDiffResult, FlowVersion } from '../../api-client/types';
import { Alert } from '../../ui/alert';
import { formatDateTime } from '../../ui/format-date';
import { Loading } from '../../ui/loading';
import { useResource } from '../../ui/use-resource';
import { useFlowEditorStore } from '../store/flow-editor-context';
import { diffMarks } from './diff-marks';
import { removedSteps } from './ghost-cards';

interface HistoryPanelProps {
  flowId: string;
  canEdit: boolean;
  /** Load the draft again (after a restore replaced it). */
  onDraftReplaced(): void;
  onClose(): void;
}

/** Versions with notes and authors; compare two (highlighted on the canvas), restore one into the draft, or make one live again. */
export function HistoryPanel({ flowId, canEdit, onDraftReplaced, onClose }: HistoryPanelProps) {
  const store = useFlowEditorStore();
  const [versions, reload] = useResource(() => flowsApi.versions(flowId), [flowId]);
  const [from, setFrom] = useState('live');
  const [to, setTo] = useState('draft');
  const [diff, setDiff] = useState<FlowDiffResult | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  // Marks only make sense while the panel is open.
  useEffect(() => () => store.getState().setDiffMarks({}), [store]);

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  };

  const compare = () =>
    run(async () => {
      const result = await flowsApi.diff(flowId, from, to);
      setDiff(result);
      // The canvas shows the draft, so marks are drawn when comparing against it; removed steps come back as
      // ghosts at the older version's positions.
      if (to !== 'draft') return store.getState().setDiffMarks({});
      const olderNumber = from === 'live' ? options.find((version) => version.isLive)?.number : Number(from);
      const older = result.nodes.removed.length && olderNumber ? (await flowsApi.version(flowId, olderNumber)).document : null;
      store.getState().setDiffMarks(diffMarks(result), removedSteps(older, result.nodes.removed));
    });

  const options = versions.status === 'ready' ? versions.data : [];
  return (
    <aside className="inspector history-panel" aria-label="Version history">
      <div className="inspector-header">
        <h2>Version history</h2>
        <button type="button" className="button button-secondary button-small" onClick={onClose}>
          Close
        </button>
      </div>
      {error && <Alert>{error}</Alert>}
      <div className="compare-row">
        <VersionSelect label="Compare" value={from} onChange={setFrom} versions={options} />
        <VersionSelect label="with" value={to} onChange={setTo} versions={options} />
        <button type="button" className="button button-small" disabled={busy || from === to} onClick={() => void compare()}>
          Show changes
        </button>
      </div>
      {diff && <DiffSummary diff={diff} />}
      {versions.status === 'loading' && <Loading label="Loading versions…" />}
      {versions.status === 'error' && <Alert>{errorMessage(versions.error)}</Alert>}
      {versions.status === 'ready' && versions.data.length === 0 && <p className="muted">Not published yet. Each publish adds a version here.</p>}
      <ol className="version-list">
        {options.map((version) => (
          <VersionItem
            key={version.id}
            version={version}
            canEdit={canEdit}
            busy={busy}
            onRestore={() => void run(async () => (await flowsApi.restore(flowId, version.number), onDraftReplaced()))}
            onRollback={() => void run(async () => (await flowsApi.rollback(flowId, version.number), reload()))}
          />
        ))}
      </ol>
    </aside>
  );
}

function VersionItem({ version, canEdit, busy, onRestore, onRollback }: { version: FlowVersion; canEdit: boolean; busy: boolean; onRestore(): void; onRollback(): void }) {
  return (
    <li className="version-item">
      <div className="version-title">
        <strong>Version {version.number}</strong>
        {version.isLive && <span className="badge badge-live">Live</span>}
      </div>
      <p className="small">{version.notes || <span className="muted">No notes</span>}</p>
      <p className="muted small">
        {formatDateTime(version.publishedAt)}
        {version.publishedBy ? ` · ${version.publishedBy}` : ''}
      </p>
      {canEdit && (
        <div className="row-actions version-actions">
          <button type="button" className="button button-secondary button-small" disabled={busy} onClick={onRestore}>
            Restore to draft
          </button>
          {!version.isLive && (
            <button type="button" className="button button-secondary button-small" disabled={busy} onClick={onRollback}>
              Make live again
            </button>
          )}
        </div>
      )}
    </li>
  );
}

function VersionSelect({ label, value, onChange, versions }: { label: string; value: string; onChange(value: string): void; versions: FlowVersion[] }) {
  const id = `version-select-${label}`;
  return (
    <span className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value)}>
        <option value="draft">Current draft</option>
        <option value="live">Live version</option>
        {versions.map((version) => (
          <option key={version.id} value={String(version.number)}>
            Version {version.number}
          </option>
        ))}
      </select>
    </span>
  );
}

function DiffSummary({ diff }: { diff: FlowDiffResult }) {
  const lines = [
    count(diff.nodes.added.length, 'step added', 'steps added'),
    count(diff.nodes.removed.length, 'step removed', 'steps removed'),
    count(diff.nodes.changed.length, 'step changed', 'steps changed'),
    count(diff.nodes.moved.length, 'step moved', 'steps moved'),
    count(diff.edges.added.length + diff.edges.removed.length, 'connection changed', 'connections changed'),
    count(diff.triggers.added.length + diff.triggers.removed.length + diff.triggers.changed.length, 'trigger changed', 'triggers changed'),
  ].filter(Boolean);
  return (
    <div className="diff-summary" role="status">
      {lines.length === 0 ? <p className="small">No differences.</p> : <ul className="issue-list">{lines.map((line) => <li key={line}>{line}</li>)}</ul>}
      {diff.to === 'draft' && lines.length > 0 && <p className="muted small">Added (green), changed (amber) and removed (red, faded where they were) steps are highlighted on the canvas.</p>}
    </div>
  );
}

function count(n: number, one: string, many: string): string {
  return n ? `${n} ${n === 1 ? one : many}` : '';
}
