import { useReactFlow } from '@xyflow/react';
import { useEffect } from 'react';
import { isStepId } from '../canvas/canvas-ids';
import type { FlowEditorStore } from '../store/flow-editor-store';
import { parseFragment, pasteFragment, toFragment } from './flow-fragment';

/**
 * Copy, cut and paste of selected nodes through the system clipboard (so it works between tabs
 * and flows), and Ctrl/Cmd+D to duplicate. Text fields keep their own clipboard behaviour.
 */
export function useClipboardShortcuts(store: FlowEditorStore, newId: (prefix: string) => string, enabled: boolean): void {
  const { getNodes } = useReactFlow();

  useEffect(() => {
    if (!enabled) return;
    const selectedIds = () => new Set(getNodes().filter((node) => node.selected && isStepId(node.id)).map((node) => node.id));
    const paste = (text: string) => {
      const fragment = parseFragment(text);
      if (!fragment || fragment.nodes.length === 0) return false;
      const result = pasteFragment(store.getState().document, fragment, newId);
      store.getState().apply(result.document, result.nodeIds[0] ?? null);
      return true;
    };

    const onCopy = (event: ClipboardEvent, cut = false) => {
      if (isEditingText(event.target)) return;
      const ids = selectedIds();
      const fragment = toFragment(store.getState().document, ids);
      if (!fragment || !event.clipboardData) return;
      event.clipboardData.setData('text/plain', JSON.stringify(fragment));
      event.preventDefault();
      if (cut) store.getState().removeElements([...ids]);
    };
    const onCut = (event: ClipboardEvent) => onCopy(event, true);
    const onPaste = (event: ClipboardEvent) => {
      if (isEditingText(event.target)) return;
      if (paste(event.clipboardData?.getData('text/plain') ?? '')) event.preventDefault();
    };
    const onKeyDown = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.key.toLowerCase() !== 'd' || isEditingText(event.target)) return;
      const fragment = toFragment(store.getState().document, selectedIds());
      if (!fragment) return;
      event.preventDefault();
      paste(JSON.stringify(fragment));
    };

    window.addEventListener('copy', onCopy);
    window.addEventListener('cut', onCut);
    window.addEventListener('paste', onPaste);
    window.addEventListener('keydown', onKeyDown);
    return () => {
      window.removeEventListener('copy', onCopy);
      window.removeEventListener('cut', onCut);
      window.removeEventListener('paste', onPaste);
      window.removeEventListener('keydown', onKeyDown);
    };
  }, [store, newId, enabled, getNodes]);
}

function isEditingText(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}
