import { z } from 'zod';
import type { EngineEvent, OutboundMessage } from '../../engine/engine-types';
import { checkQuickReplies, checkTextLength } from '../shared/channel-checks';
import { defineNode, NodeOutcome, NodeRuntime } from '../define-node';
import { buttonPayload, durationMs, durationSchema, itemId, replyOf, templateText, variableName } from '../shared/config-fields';
import { ParsedAnswer, parseDate, parseEmail, parseNumber, parsePhone, parseRegex, parseText } from './answer-parsers';

const choiceSchema = z.object({
  id: itemId(),
  label: z.string().min(1).max(40).meta({ label: 'Choice' }),
  value: z.string().max(200).optional().meta({ label: 'Saved value', help: 'Defaults to the label' }),
});

export const askQuestionConfigSchema = z
  .object({
    prompt: templateText('Question').min(1),
    expect: z.enum(['text', 'email', 'phone', 'number', 'date', 'choice', 'regex']).default('text').meta({ label: 'Expected answer' }),
    saveTo: variableName(),
    min: z.number().optional().meta({ label: 'Minimum', help: 'For numbers' }),
    max: z.number().optional().meta({ label: 'Maximum', help: 'For numbers' }),
    pattern: z.string().max(500).optional().meta({ label: 'Pattern', help: 'A regular expression the answer must match' }),
    choices: z.array(choiceSchema).max(13).default([]).meta({ label: 'Choices', help: 'Shown as quick replies' }),
    retries: z.number().int().min(0).max(5).default(2).meta({ label: 'Re-ask up to', help: 'Times, before following "invalid"' }),
    retryPrompt: templateText('Retry message').default("Sorry, I didn't get that."),
    timeout: durationSchema.optional().meta({ label: 'Give up after', help: 'Follows "timeout" when nobody answers' }),
  })
  .refine((c) => c.expect !== 'choice' || c.choices.length > 0, { message: 'Add at least one choice', path: ['choices'] })
  .refine((c) => c.expect !== 'regex' || (!!c.pattern && compiles(c.pattern)), { message: 'Enter a valid regular expression', path: ['pattern'] })
  .refine((c) => c.min === undefined || c.max === undefined || c.min <= c.max, { message: 'Minimum is above maximum', path: ['min'] })
  .refine((c) => new Set(c.choices.map((x) => x.id)).size === c.choices.length, { message: 'Choices need distinct ids', path: ['choices'] });

export type AskQuestionConfig = z.output<typeof askQuestionConfigSchema>;

/** Asks, validates, re-asks up to N times, saves the answer to a variable. */
export const askQuestionNode = defineNode({
  type: 'ask-question',
  label: 'Ask a question',
  description: 'Waits for an answer (text, email, phone, number, date, choice or pattern) and saves it.',
  configSchema: askQuestionConfigSchema,
  defaultConfig: () => ({ prompt: 'What is your email?', expect: 'email' as const, saveTo: 'email', choices: [], retries: 2, retryPrompt: "Sorry, I didn't get that." }),
  outputs: (config) => ['answered', 'invalid', ...(config.timeout ? ['timeout'] : []), ...config.choices.map((c) => `choice:${c.id}`)],
  optionalOutputs: (config) => (config.expect === 'choice' ? ['answered', ...config.choices.map((c) => `choice:${c.id}`)] : []),
  waitsForContact: () => true,
  execute(rt) {
    const effects: NodeOutcome['effects'] = [ask(rt, rt.config.prompt)];
    let timerId: string | undefined;
    if (rt.config.timeout) {
      timerId = rt.context.newId();
      const fireAt = new Date(rt.nowMs + durationMs(rt.config.timeout)).toISOString();
      effects.push({ type: 'schedule-timer', timerId, fireAt, reason: 'question-timeout', nodeId: rt.node.id });
    }
    return { effects, wait: { kind: 'reply', nodeId: rt.node.id, ...(timerId ? { timerId } : {}) }, retries: 0 };
  },
  resume: (rt, event) => resumeQuestion(rt, event),
  checkChannel: (config, limits) => [
    ...checkTextLength(config.prompt, limits, 'config.prompt'),
    ...checkQuickReplies(config.choices.length, limits, 'config.choices'),
  ],
});

function resumeQuestion(rt: NodeRuntime<AskQuestionConfig>, event: EngineEvent): NodeOutcome | null {
  const wait = rt.state.wait;
  const timerId = wait?.kind === 'reply' ? wait.timerId : undefined;
  if (event.type === 'timer-fired') {
    if (!timerId || event.timerId !== timerId) return null;
    return { output: 'timeout', retries: null };
  }
  const reply = replyOf(event);
  if (!reply) return null;
  const cancel: NodeOutcome['effects'] = timerId ? [{ type: 'cancel-timer', timerId }] : [];
  const choice = matchChoice(rt, reply);
  const parsed = rt.config.expect === 'choice' ? (choice ? { value: choice.value ?? choice.label } : null) : parseAnswer(rt.config, reply.text);
  if (parsed) {
    const output = choice && rt.isConnected(`choice:${choice.id}`) ? `choice:${choice.id}` : 'answered';
    return { effects: cancel, output, variables: { [rt.config.saveTo]: parsed.value }, retries: null };
  }
  const used = rt.state.retries[rt.node.id] ?? 0;
  if (used >= rt.config.retries) return { effects: cancel, output: 'invalid', retries: null };
  const retryText = `${rt.config.retryPrompt} ${rt.config.prompt}`.trim();
  return { effects: [ask(rt, retryText)], wait: rt.state.wait ?? { kind: 'reply', nodeId: rt.node.id }, retries: used + 1 };
}

function ask(rt: NodeRuntime<AskQuestionConfig>, text: string) {
  const message: OutboundMessage = { text: rt.render(text) };
  if (rt.config.choices.length) message.quickReplies = rt.config.choices.map((c) => ({ title: c.label, payload: buttonPayload(rt.node.id, c.id) }));
  return { type: 'send-message' as const, nodeId: rt.node.id, message, typingDelayMs: 0 };
}

function matchChoice(rt: NodeRuntime<AskQuestionConfig>, reply: { text: string; payload?: string }) {
  const text = reply.text.trim().toLowerCase();
  return (
    rt.config.choices.find((c) => reply.payload !== undefined && buttonPayload(rt.node.id, c.id) === reply.payload) ??
    rt.config.choices.find((c) => text !== '' && (c.label.toLowerCase() === text || (c.value ?? '').toLowerCase() === text))
  );
}

function parseAnswer(config: AskQuestionConfig, text: string): ParsedAnswer {
  switch (config.expect) {
    case 'email': return parseEmail(text);
    case 'phone': return parsePhone(text);
    case 'number': return parseNumber(text, config.min, config.max);
    case 'date': return parseDate(text);
    case 'regex': return parseRegex(text, config.pattern ?? '');
    default: return parseText(text);
  }
}

function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern, 'u');
    return true;
  } catch {
    return false;
  }
}
