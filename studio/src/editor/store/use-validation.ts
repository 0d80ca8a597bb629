import { useEffect } from 'react';
import { validateFlow } from '../../nodes/runtime-catalog';
import type { FlowEditorStore } from './flow-editor-store';

const VALIDATE_DELAY_MS = 250;

/** Runs the runtime's `validateFlow` on the draft in the browser, shortly after each change. */
export function useValidation(store: FlowEditorStore): void {
  useEffect(() => {
    const run = () => store.getState().setIssues(validateFlow(store.getState().document));
    run();
    let timer: number | undefined;
    const unsubscribe = store.subscribe((next, previous) => {
      if (next.document === previous.document) return;
      window.clearTimeout(timer);
      timer = window.setTimeout(run, VALIDATE_DELAY_MS);
    });
    return () => {
      unsubscribe();
      window.clearTimeout(timer);
    };
  }, [store]);
}
