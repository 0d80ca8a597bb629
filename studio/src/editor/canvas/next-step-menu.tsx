import { useEffect, useRef } from 'react';
import { nodeViews } from '../../nodes/node-views';
import { nodeDefinitions, type NodeType } from '../../nodes/runtime-catalog';

export interface PendingConnection {
  source: string;
  sourceOutput: string;
  /** Where the connection was dropped: on screen (for the menu) and on the canvas (for the node). */
  screen: { x: number; y: number };
  position: { x: number; y: number };
}

interface NextStepMenuProps {
  at: { x: number; y: number };
  onPick(type: string): void;
  onClose(): void;
}

/** Dropping a connection on empty canvas asks which step comes next, and adds it there, linked. */
export function NextStepMenu({ at, onPick, onClose }: NextStepMenuProps) {
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    ref.current?.querySelector('button')?.focus();
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onClose();
    };
    const onPointerDown = (event: PointerEvent) => {
      if (!ref.current?.contains(event.target as Node)) onClose();
    };
    window.addEventListener('keydown', onKeyDown);
    window.addEventListener('pointerdown', onPointerDown);
    return () => {
      window.removeEventListener('keydown', onKeyDown);
      window.removeEventListener('pointerdown', onPointerDown);
    };
  }, [onClose]);

  return (
    <div ref={ref} className="next-step-menu" role="menu" aria-label="Add the next step" style={{ left: at.x, top: at.y }}>
      {nodeDefinitions.map((definition) => (
        <button key={definition.type} type="button" role="menuitem" className="next-step-item" onClick={() => onPick(definition.type)}>
          <span className="palette-glyph" aria-hidden="true" style={{ background: nodeViews[definition.type as NodeType]?.accent }}>
            {nodeViews[definition.type as NodeType]?.glyph}
          </span>
          {definition.label}
        </button>
      ))}
    </div>
  );
}
