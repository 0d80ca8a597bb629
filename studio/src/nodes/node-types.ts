import type { NodeTypes } from '@xyflow/react';
import { createFlowNodeCard, nodeAccentCss } from './flow-node-card';
import { NoteCard } from './note-card';
import { TriggerCard } from './trigger-card';
import { nodeViews, unknownNodeView } from './node-views';
import { NODE_TYPES, nodeRegistry } from './runtime-catalog';

/**
 * React Flow's `nodeTypes`, built once at module scope from the views: a new object on each
 * render would make React Flow remount every node.
 */
export const nodeTypes: NodeTypes = {
  ...Object.fromEntries(NODE_TYPES.map((type) => [type, createFlowNodeCard(type, nodeViews[type], nodeRegistry[type].label)])),
  unknown: createFlowNodeCard('unknown', unknownNodeView, 'Unknown'),
  trigger: TriggerCard,
  note: NoteCard,
};

export const knownNodeTypes: ReadonlySet<string> = new Set(NODE_TYPES);

/** The cards' accent colours, one rule per node type (the canvas renders it in a `<style>`). */
export const nodeAccentStyles = nodeAccentCss({ ...nodeViews, unknown: unknownNodeView });
