import { useReactFlow } from '@xyflow/react';
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { getNodeDefinition } from '../../nodes/runtime-catalog';
import { useFlowEditor, useFlowEditorStore } from '../store/flow-editor-context';
import { searchNodes } from './search-nodes';

const labelOf = (type: string) => getNodeDefinition(type)?.label ?? type;

/** Ctrl/Cmd+F on the canvas: find steps by text or variable; Enter jumps to the next match. */
export function CanvasSearch() {
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const [index, setIndex] = useState(0);
  const inputRef = useRef<HTMLInputElement>(null);
  const store = useFlowEditorStore();
  const document = useFlowEditor((state) => state.document);
  const { fitView } = useReactFlow();
  const matches = useMemo(() => (open ? searchNodes(document, query, labelOf) : []), [document, query, open]);

  useEffect(() => {
    const onKeyDown = (event: globalThis.KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'f') {
        event.preventDefault();
        setOpen(true);
        window.requestAnimationFrame(() => inputRef.current?.select());
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);

  useEffect(() => {
    store.getState().setSearchMatches(matches);
  }, [matches, store]);

  const goTo = (position: number) => {
    if (matches.length === 0) return;
    const next = ((position % matches.length) + matches.length) % matches.length;
    setIndex(next);
    store.getState().select(matches[next]);
    void fitView({ nodes: [{ id: matches[next] }], duration: 250, maxZoom: 1.2 });
  };
  const close = () => {
    setOpen(false);
    setQuery('');
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') goTo(event.shiftKey ? index - 1 : index + 1);
    if (event.key === 'Escape') close();
  };

  if (!open) {
    return (
      <button type="button" className="button button-secondary button-small canvas-search-open" onClick={() => setOpen(true)} title="Search steps (Ctrl+F)">
        Search
      </button>
    );
  }
  return (
    <div className="canvas-search" role="search">
      <label htmlFor="canvas-search-input" className="visually-hidden">
        Search steps
      </label>
      <input
        id="canvas-search-input"
        ref={inputRef}
        autoFocus
        type="search"
        placeholder="Find a step, text or variable"
        value={query}
        onChange={(event) => {
          setQuery(event.target.value);
          setIndex(-1);
        }}
        onKeyDown={onKeyDown}
      />
      <span className="muted small" role="status">
        {query.trim() ? `${matches.length ? Math.max(index, 0) + 1 : 0} of ${matches.length}` : ''}
      </span>
      <button type="button" className="button button-secondary button-small" onClick={() => goTo(index + 1)} disabled={matches.length === 0}>
        Next
      </button>
      <button type="button" className="button button-secondary button-small" onClick={close} aria-label="Close search">
        ✕
      </button>
    </div>
  );
}
