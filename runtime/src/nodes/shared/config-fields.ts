import { z } from 'zod';

/** A text field that may contain `{{placeholders}}`. */
export const templateText = (label: string, help?: string, max = 5000) =>
  z.string().max(max).meta({ label, help: help ?? 'You can insert {{contact.first_name}} or {{vars.name}}' });

/** A conversation variable name, e.g. `email`; read back as `{{vars.email}}`. */
export const variableName = (label = 'Save to variable') =>
  z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'Letters, digits and _ only, not starting with a digit').meta({ label });

/** A short id used in output names (`button:<id>`). */
export const itemId = () => z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'Letters, digits, - and _ only');

export const durationUnitSchema = z.enum(['seconds', 'minutes', 'hours', 'days']);
export const durationSchema = z.object({
  amount: z.number().positive().max(10_000).meta({ label: 'Amount' }),
  unit: durationUnitSchema.meta({ label: 'Unit' }),
});
export type Duration = z.infer<typeof durationSchema>;

const UNIT_MS = { seconds: 1000, minutes: 60_000, hours: 3_600_000, days: 86_400_000 } as const;

export function durationMs(duration: Duration): number {
  return Math.round(duration.amount * UNIT_MS[duration.unit]);
}

/** The payload the engine puts on a button it generated: `<nodeId>/<itemId>`. */
export function buttonPayload(nodeId: string, id: string): string {
  return `${nodeId}/${id}`;
}

/** Reads a payload made by `buttonPayload`. */
export function parseButtonPayload(payload: string): { nodeId: string; itemId: string } | null {
  const slash = payload.lastIndexOf('/');
  if (slash <= 0 || slash === payload.length - 1) return null;
  return { nodeId: payload.slice(0, slash), itemId: payload.slice(slash + 1) };
}

/** Text and payload of a contact's reply, whatever the event kind. */
export function replyOf(event: { type: string; text?: string; payload?: string; title?: string }): { text: string; payload?: string } | null {
  if (event.type === 'message-received' || event.type === 'story-reply') return { text: event.text ?? '', payload: event.payload };
  if (event.type === 'postback-received') return { text: event.title ?? '', payload: event.payload };
  return null;
}
