import { useEffect, useState } from 'react';
import { ApiError, errorMessage } from '../../api-client/api-error';
import { flowsApi } from '../../api-client/flows-api';
import type { FlowDocument } from '../../nodes/runtime-catalog';
import type { FlowEditorStore } from './flow-editor-store';

const SAVE_DELAY_MS = 800;
// After a failed save (server down, invalid document) retry calmly instead of on every keystroke.
const RETRY_DELAY_MS = 5000;

export type SaveState =
  | { status: 'saved' }
  | { status: 'pending' }
  | { status: 'saving' }
  | { status: 'error'; message: string }
  | { status: 'conflict'; revision: number; document: FlowDocument };

/**
 * Saves the draft shortly after each change, on top of the revision the server last confirmed.
 * When someone else saved meanwhile the server answers 409 and saving stops until the person chooses.
 */
export function useAutosave(flowId: string, store: FlowEditorStore, enabled: boolean): SaveState {
  const [state, setState] = useState<SaveState>({ status: 'saved' });

  useEffect(() => {
    if (!enabled) return;
    let timer: number | undefined;
    let inFlight = false;
    let stopped = false;

    let failed = false;
    const save = async () => {
      const { document, revision, savedDocument } = store.getState();
      if (document === savedDocument) return setState({ status: 'saved' });
      inFlight = true;
      setState({ status: 'saving' });
      try {
        const result = await flowsApi.saveDraft(flowId, revision, document as unknown as Record<string, unknown>);
        store.getState().markSaved(result.revision, document);
        failed = false;
        setState(store.getState().document === document ? { status: 'saved' } : { status: 'pending' });
      } catch (error) {
        if (error instanceof ApiError && error.code === 'REVISION_CONFLICT') {
          stopped = true;
          const theirs = error.details as { currentRevision?: number; document?: FlowDocument };
          setState({ status: 'conflict', revision: Number(theirs.currentRevision ?? revision), document: theirs.document ?? document });
        } else {
          failed = true;
          setState({ status: 'error', message: errorMessage(error) });
        }
      } finally {
        inFlight = false;
        if (!stopped && store.getState().document !== store.getState().savedDocument) schedule(failed ? RETRY_DELAY_MS : SAVE_DELAY_MS);
      }
    };

    const schedule = (delay = SAVE_DELAY_MS) => {
      window.clearTimeout(timer);
      timer = window.setTimeout(() => void (inFlight ? schedule(delay) : save()), delay);
    };

    const unsubscribe = store.subscribe((next, previous) => {
      if (next.document === previous.document || stopped) return;
      if (!failed) setState({ status: 'pending' });
      schedule(failed ? RETRY_DELAY_MS : SAVE_DELAY_MS);
    });
    return () => {
      unsubscribe();
      window.clearTimeout(timer);
      // Leaving the editor (another page of the studio) must not drop the last edits.
      const { document, savedDocument } = store.getState();
      if (!stopped && !inFlight && document !== savedDocument) void save();
    };
  }, [flowId, store, enabled]);

  return state;
}
