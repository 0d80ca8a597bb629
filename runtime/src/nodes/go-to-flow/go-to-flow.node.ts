import { z } from 'zod';
import { defineNode } from '../define-node';

export const goToFlowConfigSchema = z.object({
  flowId: z.string().min(1).meta({ label: 'Flow' }),
  startNodeId: z.string().min(1).optional().meta({ label: 'Start at', help: 'Leave empty to start where the flow’s first trigger starts' }),
  returnAfter: z.boolean().default(false).meta({ label: 'Come back afterwards', help: 'When the other flow ends, continue from "returned"' }),
});

export type GoToFlowConfig = z.output<typeof goToFlowConfigSchema>;

/** Leaves this flow for another one; optionally comes back through `returned` when it ends. */
export const goToFlowNode = defineNode({
  type: 'go-to-flow',
  label: 'Go to flow',
  description: 'Continue in another flow, optionally coming back when it ends.',
  configSchema: goToFlowConfigSchema,
  defaultConfig: () => ({ flowId: '', returnAfter: false }),
  outputs: (config) => (config.returnAfter ? ['returned'] : []),
  execute(rt) {
    const { flowId, startNodeId, returnAfter } = rt.config;
    return { goToFlow: { flowId, returnAfter, ...(startNodeId ? { startNodeId } : {}) } };
  },
});
