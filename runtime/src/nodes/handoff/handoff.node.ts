import { z } from 'zod';
import { isWithinWindows } from '../../time/time-window';
import type { Effect } from '../../engine/engine-types';
import { defineNode, NodeOutcome } from '../define-node';
import { checkTextLength } from '../shared/channel-checks';
import { templateText } from '../shared/config-fields';

export const handoffConfigSchema = z.object({
  message: templateText('Message to the contact').optional(),
  team: z.string().max(60).optional().meta({ label: 'Team', help: 'Empty means anyone' }),
  priority: z.enum(['low', 'normal', 'high', 'urgent']).default('normal').meta({ label: 'Priority' }),
  note: templateText('Note for the agent').default(''),
  noAgentTimeoutMinutes: z.number().int().min(1).max(10_080).optional().meta({ label: 'Give up after (minutes)', help: 'Follows "no agent" when nobody takes the chat' }),
  checkBusinessHours: z.boolean().default(false).meta({ label: 'Only during business hours', help: 'Outside them, follow "outside hours" instead' }),
});

export type HandoffConfig = z.output<typeof handoffConfigSchema>;

/** Hands the chat to a human and waits; comes back through `returned`, `no-agent` or `outside-hours`. */
export const handoffNode = defineNode({
  type: 'handoff',
  label: 'Hand off to a human',
  description: 'Move the conversation to the inbox; the bot stays silent until an agent hands it back.',
  configSchema: handoffConfigSchema,
  defaultConfig: () => ({ message: 'Connecting you with our team…', priority: 'normal' as const, note: '', checkBusinessHours: false }),
  outputs: (config) => ['returned', ...(config.noAgentTimeoutMinutes ? ['no-agent'] : []), ...(config.checkBusinessHours ? ['outside-hours'] : [])],
  waitsForContact: () => true,
  execute(rt) {
    const { config } = rt;
    const hours = rt.context.workspace?.businessHours;
    if (config.checkBusinessHours && hours?.length && !isWithinWindows(rt.nowMs, hours, rt.context.workspace?.timeZone)) {
      return { output: 'outside-hours' };
    }
    const message = config.message ? rt.render(config.message) : null;
    const effects: Effect[] = [];
    if (message) effects.push({ type: 'send-message', nodeId: rt.node.id, message: { text: message }, typingDelayMs: 0 });
    effects.push({ type: 'hand-off', nodeId: rt.node.id, team: config.team || null, priority: config.priority, note: rt.render(config.note), message });
    let timerId: string | undefined;
    if (config.noAgentTimeoutMinutes) {
      timerId = rt.context.newId();
      effects.push({ type: 'schedule-timer', timerId, fireAt: new Date(rt.nowMs + config.noAgentTimeoutMinutes * 60_000).toISOString(), reason: 'no-agent', nodeId: rt.node.id });
    }
    return { effects, handedOff: true, wait: { kind: 'agent', nodeId: rt.node.id, ...(timerId ? { timerId } : {}) } };
  },
  resume(rt, event): NodeOutcome | null {
    const wait = rt.state.wait;
    if (wait?.kind !== 'agent') return null;
    if (event.type === 'agent-assigned') {
      return { effects: wait.timerId ? [{ type: 'cancel-timer', timerId: wait.timerId }] : [], handedOff: true, wait: { kind: 'agent', nodeId: wait.nodeId, assigned: true } };
    }
    if (event.type === 'timer-fired' && wait.timerId === event.timerId && !wait.assigned) {
      return { effects: [{ type: 'hand-off-cancelled', nodeId: rt.node.id, reason: 'no-agent' }], output: 'no-agent' };
    }
    if (event.type === 'agent-released') {
      const cancel: Effect[] = wait.timerId && !wait.assigned ? [{ type: 'cancel-timer', timerId: wait.timerId }] : [];
      return { effects: cancel, output: 'returned', variables: event.outcome ? { handoff_outcome: event.outcome } : {} };
    }
    return null; // contact messages while handed off are for the agent, not the bot
  },
  checkChannel: (config, limits) => checkTextLength(config.message, limits, 'config.message'),
});
