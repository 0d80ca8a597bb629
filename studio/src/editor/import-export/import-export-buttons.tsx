import { useRef, useState, type ChangeEvent } from 'react';
import type { FlowDetail } from '../../api-client/types';
import { Alert } from '../../ui/alert';
import { downloadJson, jsonFileName, readJsonObject } from '../../ui/json-file';
import { useFlowEditorStore } from '../store/flow-editor-context';
import { readFlowFile, toFlowFile } from './flow-file';

/**
 * Export downloads the flow as shown on screen (unsaved edits included) as a JSON file; import replaces the draft
 * with a file's flow as one undoable change, or says why the file cannot be used.
 */
export function ImportExportButtons({ flow, canEdit }: { flow: Pick<FlowDetail, 'name'>; canEdit: boolean }) {
  const store = useFlowEditorStore();
  const inputRef = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const exportFlow = () => downloadJson(jsonFileName(flow.name), toFlowFile(flow.name, null, store.getState().document, new Date()));
  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    setError(null);
    setNotice(null);
    const read = await readJsonObject(file);
    if (!read.ok) return setError(read.error);
    const parsed = readFlowFile(read.value, store.getState().document);
    if (!parsed.ok) return setError(`${file.name}: ${parsed.error}`);
    store.getState().apply(parsed.document, null);
    setNotice(`Imported “${file.name}” into the draft. Undo brings the previous draft back.`);
  };

  const menuRef = useRef<HTMLDetailsElement>(null);
  const closeMenu = () => menuRef.current?.removeAttribute('open');

  // One toolbar entry (a disclosure menu) keeps the toolbar within a laptop's width.
  return (
    <>
      <details className="toolbar-menu" ref={menuRef}>
        <summary className="button button-secondary button-small" title="Export or import this flow as JSON">
          JSON
        </summary>
        <div className="toolbar-menu-items">
          <button type="button" className="button button-secondary button-small" onClick={() => (exportFlow(), closeMenu())} title="Download this flow as a JSON file">
            Export
          </button>
          {canEdit && (
            <button type="button" className="button button-secondary button-small" onClick={() => (closeMenu(), inputRef.current?.click())} title="Replace the draft with a flow from a JSON file">
              Import
            </button>
          )}
        </div>
      </details>
      <input ref={inputRef} type="file" accept="application/json,.json" className="visually-hidden" aria-label="Flow file to import into the draft" tabIndex={-1} onChange={(event) => void onFile(event)} />
      {(error || notice) && (
        <div className="editor-toolbar-alert">
          <Alert tone={error ? 'error' : 'success'}>
            {error ?? notice}{' '}
            <button type="button" className="link-button" onClick={() => (setError(null), setNotice(null))}>
              Dismiss
            </button>
          </Alert>
        </div>
      )}
    </>
  );
}
