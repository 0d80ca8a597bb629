import type { Effect, EngineEvent } from '../engine/engine-types';
import type { SimulationResult } from '../engine/simulate';

/** Helpers for scenario specs (not exported from the package). */
export const say = (text: string, payload?: string): EngineEvent => ({ type: 'message-received', text, ...(payload ? { payload } : {}) });
export const tap = (payload: string, title?: string): EngineEvent => ({ type: 'postback-received', payload, ...(title ? { title } : {}) });
export const wait = (ms: number) => ({ type: 'advance-time' as const, ms });
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export function effects<T extends Effect['type']>(result: SimulationResult, type: T): Array<Extract<Effect, { type: T }>> {
  return result.transcript.flatMap((e) => e.effects).filter((e): e is Extract<Effect, { type: T }> => e.type === type);
}

/** Texts sent on one transcript entry. */
export function textsAt(result: SimulationResult, index: number): string[] {
  return result.transcript[index].effects.flatMap((e) => (e.type === 'send-message' ? [e.message.text ?? ''] : []));
}
