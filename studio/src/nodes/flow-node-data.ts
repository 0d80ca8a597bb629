import type { Node } from '@xyflow/react';
import type { FlowNode, StickyNote, Trigger } from './runtime-catalog';

/** What a canvas node renders: the stored node and its named outputs. */
export interface FlowNodeData extends Record<string, unknown> {
  node: FlowNode;
  outputs: readonly string[];
}

export type EditorNode = Node<FlowNodeData, string>;

/** What an entry card renders: the trigger that starts the flow. */
export interface TriggerCardData extends Record<string, unknown> {
  trigger: Trigger;
}

export type TriggerCardNode = Node<TriggerCardData, 'trigger'>;
/** What a sticky note card renders. */
export interface NoteCardData extends Record<string, unknown> {
  note: StickyNote;
}

export type NoteCardNode = Node<NoteCardData, 'note'>;
export type CanvasNode = EditorNode | TriggerCardNode | NoteCardNode;
