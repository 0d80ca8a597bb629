import { z } from 'zod';
import { triggerSchema } from './trigger.schema';

/** The schema version this runtime writes. Older documents go through `upgradeFlowDocument`. */
export const CURRENT_SCHEMA_VERSION = 1 as const;

export const flowNodeSchema = z.object({
  id: z.string().min(1).max(100),
  type: z.string().min(1),
  position: z.object({ x: z.number(), y: z.number() }),
  // Validated per node type by the node registry, not here, so one bad node does not hide the others.
  config: z.record(z.string(), z.unknown()).default({}),
});

export const flowEdgeSchema = z.object({
  id: z.string().min(1),
  source: z.string().min(1),
  sourceOutput: z.string().min(1),
  target: z.string().min(1),
});

export const flowVariableSchema = z.object({
  name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/),
  type: z.enum(['string', 'number', 'boolean', 'date', 'json']).default('string'),
  defaultValue: z.unknown().optional(),
  description: z.string().optional(),
});

export const stickyNoteSchema = z.object({
  id: z.string().min(1),
  text: z.string().max(5000),
  position: z.object({ x: z.number(), y: z.number() }),
  color: z.string().optional(),
});

/** A stored flow: versioned JSON, the single thing the studio edits and the engine runs. */
export const flowDocumentSchema = z.object({
  schemaVersion: z.literal(CURRENT_SCHEMA_VERSION),
  id: z.string().optional(),
  name: z.string().optional(),
  triggers: z.array(triggerSchema).default([]),
  nodes: z.array(flowNodeSchema),
  edges: z.array(flowEdgeSchema).default([]),
  variables: z.array(flowVariableSchema).default([]),
  notes: z.array(stickyNoteSchema).default([]),
});

export type FlowDocument = z.output<typeof flowDocumentSchema>;
export type FlowDocumentInput = z.input<typeof flowDocumentSchema>;
export type FlowNode = z.output<typeof flowNodeSchema>;
export type FlowEdge = z.output<typeof flowEdgeSchema>;
export type FlowVariable = z.output<typeof flowVariableSchema>;
export type StickyNote = z.output<typeof stickyNoteSchema>;
