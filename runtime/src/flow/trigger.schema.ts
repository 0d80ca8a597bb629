import { z } from 'zod';
import { CHANNELS } from './channel-limits';

/** How a keyword is compared with the incoming text. */
export const keywordModeSchema = z.enum(['is', 'contains', 'starts-with', 'whole-word', 'regex']);
export type KeywordMode = z.infer<typeof keywordModeSchema>;

export const keywordSchema = z.object({
  value: z.string().min(1).max(200).meta({ label: 'Keyword' }),
  mode: keywordModeSchema.default('whole-word').meta({ label: 'Match', help: 'is, contains, starts with, whole word or a regular expression' }),
});

const frequencySchema = z
  .discriminatedUnion('mode', [
    z.object({ mode: z.literal('every-time') }),
    z.object({ mode: z.literal('once-per-contact') }),
    z.object({ mode: z.literal('once-per-hours'), hours: z.number().positive().max(24 * 365) }),
  ])
  .meta({ label: 'How often', help: 'Every time, once per contact, or at most once every N hours' });

const triggerBase = {
  id: z.string().min(1),
  name: z.string().max(120).optional(),
  enabled: z.boolean().default(true),
  startNodeId: z.string().min(1).meta({ label: 'Starts at' }),
  priority: z.number().int().min(-1000).max(1000).default(0).meta({ label: 'Priority', help: 'Higher wins when several triggers match' }),
  frequency: frequencySchema.default({ mode: 'every-time' }),
  channels: z.array(z.enum(CHANNELS as [string, ...string[]])).default([]).meta({ label: 'Channels', help: 'Empty means every channel' }),
};

const keywordMatching = {
  keywords: z.array(keywordSchema).max(50).default([]),
  excludeWords: z.array(z.string().min(1)).max(50).default([]).meta({ label: 'Unless the message contains' }),
  caseSensitive: z.boolean().default(false),
  accentSensitive: z.boolean().default(false),
};

/** A trigger: what starts a flow for a contact. */
export const triggerSchema = z.discriminatedUnion('kind', [
  z.object({ ...triggerBase, kind: z.literal('keyword'), ...keywordMatching, keywords: z.array(keywordSchema).min(1).max(50) }),
  z.object({ ...triggerBase, kind: z.literal('default-reply') }),
  z.object({ ...triggerBase, kind: z.literal('welcome') }),
  z.object({ ...triggerBase, kind: z.literal('postback'), payloads: z.array(z.string().min(1)).min(1) }),
  z.object({ ...triggerBase, kind: z.literal('ref'), refs: z.array(z.string().regex(/^[A-Za-z0-9_=-]+$/)).min(1) }),
  z.object({
    ...triggerBase,
    kind: z.literal('instagram-comment'),
    ...keywordMatching,
    mediaIds: z.union([z.literal('all'), z.array(z.string().min(1)).min(1)]).default('all').meta({ label: 'Posts and reels' }),
    publicReplyText: z.string().max(1000).optional().meta({ label: 'Public reply under the comment' }),
    privateReply: z.boolean().default(true).meta({ label: 'Reply by DM', help: 'Meta allows one private reply per comment, within 7 days' }),
  }),
  z.object({ ...triggerBase, kind: z.literal('story-mention') }),
  z.object({ ...triggerBase, kind: z.literal('story-reply'), ...keywordMatching }),
]);

export type Trigger = z.output<typeof triggerSchema>;
export type TriggerInput = z.input<typeof triggerSchema>;
export type TriggerKind = Trigger['kind'];
