import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { useFlowEditorStore } from '../editor/store/flow-editor-context';
import type { NoteCardNode } from './flow-node-data';

/** A sticky note on the canvas: text for the team, never seen by contacts. Drag it by its top bar. */
export const NoteCard = memo(function NoteCard({ data, selected }: NodeProps<NoteCardNode>) {
  const store = useFlowEditorStore();
  const { note } = data;
  return (
    <div className={`note-card${selected ? ' is-selected' : ''}`} style={note.color ? { background: note.color } : undefined}>
      <div className="note-card-bar" aria-hidden="true" />
      <label className="visually-hidden" htmlFor={`note-${note.id}`}>
        Sticky note
      </label>
      <textarea
        id={`note-${note.id}`}
        className="note-card-text nodrag nowheel"
        value={note.text}
        placeholder="Write a note for your team…"
        maxLength={5000}
        onChange={(event) => store.getState().putNote({ ...note, text: event.target.value })}
      />
    </div>
  );
});
