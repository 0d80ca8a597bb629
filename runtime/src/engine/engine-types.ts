import type { Channel } from '../flow/channel-limits';
import type { TimeWindow } from '../time/time-window';

/** Any JSON value: conversation state must survive a round trip through a jsonb column. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** An attachment the contact sent. */
export interface InboundAttachment {
  kind: 'image' | 'video' | 'audio' | 'file' | 'sticker' | 'location' | 'share' | 'story';
  url?: string;
}

/** Inbound events: what the contact, a timer, the HTTP host or an agent did. */
export type InboundEvent =
  | { type: 'message-received'; text: string; payload?: string; attachments?: InboundAttachment[]; ref?: string }
  | { type: 'postback-received'; payload: string; title?: string; ref?: string }
  | { type: 'referral-received'; ref: string }
  | { type: 'comment-received'; commentId: string; mediaId: string; text: string; createdAt?: string }
  | { type: 'story-mention'; storyId?: string; url?: string }
  | { type: 'story-reply'; text: string; storyId?: string };

/** Every event `advanceConversation` understands. */
export type EngineEvent =
  | InboundEvent
  /** A trigger matched (or a `start-flow` effect is being answered): begin at a node. */
  /** While handed off, `start` is ignored unless `force` (the bot never talks over an agent). */
  | { type: 'start'; startNodeId?: string; triggerId?: string; inbound?: InboundEvent; force?: boolean }
  | { type: 'timer-fired'; timerId: string }
  | { type: 'http-response'; requestId: string; status?: number; body?: unknown; error?: string }
  | { type: 'agent-assigned'; agentId?: string }
  | { type: 'agent-released'; outcome?: string };

/** A button in an outbound message. */
export type OutboundButton = { kind: 'postback'; title: string; payload: string } | { kind: 'url'; title: string; url: string };

/** The channel-neutral message the host translates to each platform's wire format. */
export interface OutboundMessage {
  text?: string;
  media?: { kind: 'image' | 'video' | 'audio' | 'file'; url: string };
  quickReplies?: Array<{ title: string; payload: string }>;
  buttons?: OutboundButton[];
  cards?: Array<{ title: string; subtitle?: string; imageUrl?: string; buttons: OutboundButton[] }>;
  /** Send as the (single) Instagram private reply to this comment instead of a normal DM. */
  privateReplyToCommentId?: string;
}

/** Effects: what the host must do after a turn. The engine never does them itself. */
export type Effect =
  | { type: 'send-message'; nodeId: string; message: OutboundMessage; typingDelayMs: number }
  | { type: 'reply-to-comment'; commentId: string; text: string }
  | { type: 'schedule-timer'; timerId: string; fireAt: string; reason: 'delay' | 'question-timeout' | 'no-agent'; nodeId: string }
  | { type: 'cancel-timer'; timerId: string }
  | { type: 'call-http'; nodeId: string; requestId: string; method: HttpMethod; url: string; headers: Record<string, string>; body?: string; timeoutMs: number }
  | { type: 'hand-off'; nodeId: string; team: string | null; priority: 'low' | 'normal' | 'high' | 'urgent'; note: string; message: string | null }
  | { type: 'hand-off-cancelled'; nodeId: string; reason: 'no-agent' }
  | { type: 'set-contact-fields'; fields: Record<string, JsonValue> }
  | { type: 'add-tags'; tags: string[] }
  | { type: 'remove-tags'; tags: string[] }
  | { type: 'start-flow'; flowId: string; startNodeId?: string; reason: 'go-to' | 'return' }
  | { type: 'error'; code: EngineErrorCode; message: string; nodeId?: string }
  | { type: 'end'; reason: 'completed' | 'end-node' | 'error' };

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export type EngineErrorCode = 'LOOP_GUARD_STEPS' | 'LOOP_GUARD_SENDS' | 'NODE_NOT_FOUND' | 'UNKNOWN_NODE_TYPE' | 'INVALID_NODE_CONFIG';

/**
 * What a turn did, step by step, for analytics: the host turns these into counters in the turn's transaction.
 * Reported, never acted on: the state and effects are the same with or without it.
 */
export type PathStep =
  /** A run of this flow began (a trigger, a button of an earlier run, or another flow's go-to). */
  | { type: 'started'; nodeId: string | null }
  /** A node ran (entered). A waiting node that is resumed is not entered again. */
  | { type: 'entered'; nodeId: string }
  /** A node chose `output`; `connected` is false when no edge leaves it (the path ends there). */
  | { type: 'took'; nodeId: string; output: string; connected: boolean }
  /** A resumed node kept waiting without choosing an output (a question re-asked after an invalid answer). */
  | { type: 'stayed'; nodeId: string }
  /** A new start replaced a run that was still waiting (at `nodeId`) or handed off. */
  | { type: 'abandoned'; nodeId: string | null }
  /** The run finished: an end node, a path that ran out, the loop guard, or a go-to that does not return. */
  | { type: 'ended'; reason: 'completed' | 'end-node' | 'error' | 'left' };

/** What a waiting conversation is waiting for. */
export type WaitDescriptor =
  | { kind: 'reply'; nodeId: string; timerId?: string }
  | { kind: 'timer'; nodeId: string; timerId: string }
  | { kind: 'http'; nodeId: string; requestId: string }
  | { kind: 'agent'; nodeId: string; timerId?: string; assigned?: boolean }
  /** Waiting for the host to answer a `start-flow` effect with a `start` event on `flowId`. */
  | { kind: 'flow'; flowId: string; startNodeId?: string; resumeNodeId?: string };

/** A go-to-flow that will return: where to come back to. */
export interface CallFrame {
  flowId: string;
  nodeId: string;
}

/** Conversation state: plain JSON, owned by the host, passed in and returned by every turn. */
export interface ConversationState {
  stateVersion: 1;
  flowId: string;
  status: 'active' | 'waiting' | 'handed-off' | 'ended';
  currentNodeId: string | null;
  wait: WaitDescriptor | null;
  variables: Record<string, JsonValue>;
  /** Re-ask counters of ask-question nodes, by node id. */
  retries: Record<string, number>;
  callStack: CallFrame[];
  /** Sticky randomizer choices, by node id. */
  sticky: Record<string, string>;
  /** Comment that started this run, for the one allowed private reply. */
  pendingPrivateReply: string | null;
  steps: { total: number; turns: number; lastTurn: number };
  lastError: { code: EngineErrorCode; message: string; at: string } | null;
  updatedAt: string | null;
}

/** The contact as the host knows it: flat fields (`first_name`, `email`, …) plus tags. */
export type ContactSnapshot = { tags?: readonly string[] } & Record<string, unknown>;

/** Workspace settings the engine needs; time and business hours are evaluated in `timeZone`. */
export interface WorkspaceSettings {
  timeZone: string;
  businessHours?: TimeWindow[];
}

/** Everything impure comes in here: the clock, ids and randomness. */
export interface EngineContext {
  now: Date | string;
  newId: () => string;
  /** A seeded source in [0, 1). */
  random: () => number;
  workspace?: WorkspaceSettings;
  contact?: ContactSnapshot;
  channel?: Channel;
}

export type { Channel };
