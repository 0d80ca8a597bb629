import { z } from 'zod';
import { defineNode } from '../define-node';

export const endConfigSchema = z.object({
  note: z.string().max(200).optional().meta({ label: 'Note', help: 'For your team; the contact never sees it' }),
});

export type EndConfig = z.output<typeof endConfigSchema>;

/** Ends the flow (or returns to the calling flow after a go-to-flow with return). */
export const endNode = defineNode({
  type: 'end',
  label: 'End',
  description: 'Stop the conversation here.',
  configSchema: endConfigSchema,
  defaultConfig: () => ({}),
  outputs: () => [],
  execute: () => ({ end: true }),
});
