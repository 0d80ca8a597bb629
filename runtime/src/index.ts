/**
 * @parley/runtime: the pure flow engine. No I/O, no clock, no env, no Math.random:
 * time, ids and randomness come in through `EngineContext`.
 */
export * from './flow/flow-document';
export * from './flow/trigger.schema';
export * from './flow/channel-limits';
export * from './flow/validate-flow';
export * from './flow/validation-issue';
export * from './document-upgrades/upgrade-flow-document';
export * from './templating/render-template';
export * from './triggers/match-trigger';
export { keywordMatches, normalizeText, containsExcluded } from './triggers/keyword-match';
export * from './engine/engine-types';
export * from './engine/advance-conversation';
export * from './engine/conversation-state';
export * from './engine/context-helpers';
export * from './engine/simulate';
export { compileFlow, flowEntryNodeId, flowIdOf } from './engine/compiled-flow';
export { MAX_STEPS_PER_TURN, MAX_SENDS_PER_TURN, MAX_CALL_DEPTH } from './engine/turn';
export * from './nodes/define-node';
export * from './nodes/node-registry';
export { buttonPayload, parseButtonPayload, durationMs } from './nodes/shared/config-fields';
export { timeWindowSchema, isWithinWindows, nextWindowStart, WEEKDAYS } from './time/time-window';
export type { TimeWindow, Weekday } from './time/time-window';
export * from './fixtures/starter-flows';
export * from './flow/diff-flows';
