import type { CSSProperties, DragEvent } from 'react';
import { nodeViews } from '../../nodes/node-views';
import { nodeDefinitions, type NodeType } from '../../nodes/runtime-catalog';
import { PALETTE_DRAG_TYPE } from '../canvas/palette-drag-type';

/** Node types to add: click to place one in view, or drag it onto the canvas. */
interface NodePaletteProps {
  onAdd(type: string): void;
  onAddTrigger(): void;
  onAddNote(): void;
  disabled?: boolean;
}

export function NodePalette({ onAdd, onAddTrigger, onAddNote, disabled }: NodePaletteProps) {
  const onDragStart = (event: DragEvent, type: string) => {
    event.dataTransfer.setData(PALETTE_DRAG_TYPE, type);
    event.dataTransfer.effectAllowed = 'copy';
  };
  return (
    <nav className="palette" aria-label="Add a node">
      <button type="button" className="button button-secondary button-small palette-trigger" onClick={onAddTrigger} disabled={disabled}>
        + Trigger
      </button>
      <button type="button" className="button button-secondary button-small palette-trigger" onClick={onAddNote} disabled={disabled}>
        + Sticky note
      </button>
      <h2 className="palette-title">Add a step</h2>
      <ul>
        {nodeDefinitions.map((definition) => {
          const view = nodeViews[definition.type as NodeType];
          return (
            <li key={definition.type}>
              <button
                type="button"
                className="palette-item"
                draggable={!disabled}
                disabled={disabled}
                title={definition.description}
                onDragStart={(event) => onDragStart(event, definition.type)}
                onClick={() => onAdd(definition.type)}
                style={{ '--node-accent': view?.accent } as CSSProperties}
              >
                <span className="palette-glyph" aria-hidden="true">
                  {view?.glyph}
                </span>
                {definition.label}
              </button>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
