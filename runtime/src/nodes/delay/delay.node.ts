import { z } from 'zod';
import { nextWindowStart, timeWindowSchema } from '../../time/time-window';
import { defineNode } from '../define-node';
import { durationMs, durationSchema } from '../shared/config-fields';

export const delayConfigSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('duration'), duration: durationSchema.meta({ label: 'Wait for' }) }),
  z.object({
    mode: z.literal('until-window'),
    windows: z.array(timeWindowSchema).min(1).max(14).meta({ label: 'Continue during', help: 'e.g. weekdays 09:00–18:00, workspace time zone' }),
  }),
]);

export type DelayConfig = z.output<typeof delayConfigSchema>;

/** Pauses the conversation on a durable timer: a fixed duration, or until the next open time window. */
export const delayNode = defineNode({
  type: 'delay',
  label: 'Delay',
  description: 'Wait for a while, or until a time window such as weekdays 09:00–18:00.',
  configSchema: delayConfigSchema,
  defaultConfig: () => ({ mode: 'duration' as const, duration: { amount: 1, unit: 'hours' as const } }),
  outputs: () => ['next'],
  execute(rt) {
    const { config } = rt;
    let fireAtMs: number;
    if (config.mode === 'duration') fireAtMs = rt.nowMs + durationMs(config.duration);
    else {
      const next = nextWindowStart(rt.nowMs, config.windows, rt.context.workspace?.timeZone ?? 'UTC');
      if (next === null || next <= rt.nowMs) return { output: 'next' }; // already inside the window
      fireAtMs = next;
    }
    const timerId = rt.context.newId();
    return {
      effects: [{ type: 'schedule-timer', timerId, fireAt: new Date(fireAtMs).toISOString(), reason: 'delay', nodeId: rt.node.id }],
      wait: { kind: 'timer', nodeId: rt.node.id, timerId },
    };
  },
  resume(rt, event) {
    const wait = rt.state.wait;
    if (event.type !== 'timer-fired' || wait?.kind !== 'timer' || wait.timerId !== event.timerId) return null;
    return { output: 'next' };
  },
});
