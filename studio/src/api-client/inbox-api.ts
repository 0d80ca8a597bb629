import { http } from './http';

// Shapes of the inbox endpoints (api/src/inbox). Text fields come from contacts and agents: untrusted, render as text.

export type InboxView = 'unassigned' | 'mine' | 'all' | 'snoozed' | 'resolved';
export type HandoffStatus = 'open' | 'assigned' | 'resolved' | 'closed' | 'timed-out';
export type Platform = 'messenger' | 'instagram' | 'whatsapp' | 'x' | 'telegram' | 'webchat' | 'custom';

export const PLATFORMS: readonly Platform[] = ['messenger', 'instagram', 'whatsapp', 'x', 'telegram', 'webchat', 'custom'];

export interface InboxItem {
  conversationId: string;
  handoffId: string;
  status: HandoffStatus;
  team: string | null;
  priority: string;
  note: string | null;
  handedOffAt: string;
  snoozedUntil: string | null;
  assigneeId: string | null;
  assigneeEmail: string | null;
  platform: Platform;
  contactName: string | null;
  contactUsername: string | null;
  lastInboundAt: string | null;
  waitingSeconds: number;
}

export interface WaitingThresholds {
  amberMinutes: number;
  redMinutes: number;
}

export interface InboxList {
  items: InboxItem[];
  thresholds: WaitingThresholds;
  latestEventId: string;
}

export type ContactFieldValue = string | number | boolean | null;

export interface InboxContact {
  id: string;
  name: string | null;
  firstName: string | null;
  lastName: string | null;
  username: string | null;
  avatarUrl: string | null;
  customFields: Record<string, ContactFieldValue> | null;
  tags: string[] | null;
  lastInboundAt: string | null;
}

export interface Attachment {
  kind: string;
  /** From the platform (untrusted): the studio never loads it; inbound media come through `attachmentUrl`. */
  url?: string;
  /** WhatsApp media id, Telegram file_id: fetched by the server with the connection's credentials. */
  mediaId?: string;
  /** The contact's file name (untrusted text). */
  fileName?: string;
}

/** An inbound event (contact) or an outbound message (bot/agent); only the fields the inbox shows. */
export interface MessageContent {
  type?: string;
  text?: string;
  title?: string;
  payload?: string;
  url?: string;
  attachments?: Attachment[];
  media?: { kind: string; url: string };
  quickReplies?: Array<{ title: string }>;
  buttons?: Array<{ title: string }>;
  cards?: Array<{ title: string; subtitle?: string }>;
}

export type DeliveryStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'blocked' | 'uncertain';

export interface TimelineMessage {
  author: 'contact' | 'bot' | 'agent';
  id: string;
  content: MessageContent | null;
  at: string;
  status: DeliveryStatus | null;
  error: string | null;
}

export interface TimelineEvent {
  id: string;
  conversationId: string;
  kind: string;
  actorUserId: string | null;
  actorEmail?: string | null;
  data: Record<string, unknown>;
  at: string;
}

export interface ConversationHandoff {
  id: string;
  status: HandoffStatus;
  team: string | null;
  priority: string;
  note: string | null;
  assigneeId: string | null;
  assigneeEmail: string | null;
  handedOffAt: string;
  snoozedUntil: string | null;
}

export interface ConversationDetail {
  id: string;
  status: string;
  platform: Platform;
  contact: InboxContact;
  handoff: ConversationHandoff | null;
  messages: TimelineMessage[];
  events: TimelineEvent[];
}

export interface CannedResponse {
  id: string;
  shortcut: string;
  body: string;
}

export interface InboxTeam {
  id: string;
  name: string;
  memberIds: string[];
}

export interface InboxMetrics {
  from: string;
  to: string;
  handoffs: number;
  firstResponseP50Seconds: number | null;
  firstResponseP90Seconds: number | null;
  resolutionP50Seconds: number | null;
  returnedToBot: number;
  closedByAgent: number;
  noAgent: number;
  perDay: Array<{ day: string; handoffs: number }>;
}

export interface ReplyInput {
  text?: string;
  mediaUrl?: string;
  mediaKind?: 'image' | 'video' | 'audio' | 'file';
}

const conversation = (id: string) => `/inbox/conversations/${encodeURIComponent(id)}`;

/** The agents' inbox; the workspace comes from the session. */
export const inboxApi = {
  list: (view: InboxView, filters: { team?: string; platform?: string } = {}) => {
    const query = new URLSearchParams({ view });
    if (filters.team) query.set('team', filters.team);
    if (filters.platform) query.set('platform', filters.platform);
    return http<InboxList>('GET', `/inbox/conversations?${query}`);
  },
  detail: (id: string) => http<ConversationDetail>('GET', conversation(id)),
  /** Same-origin URL of an inbound message's attachment: the server fetches it from the platform (session cookie). */
  attachmentUrl: (conversationId: string, messageId: string, index: number) =>
    `/api${conversation(conversationId)}/messages/${encodeURIComponent(messageId)}/attachments/${index}`,
  claim: (id: string) => http<{ handoffId: string; assigneeId: string }>('POST', `${conversation(id)}/claim`),
  assign: (id: string, to: { userId?: string; team?: string }) => http<unknown>('POST', `${conversation(id)}/assign`, to),
  snooze: (id: string, until: string) => http<void>('POST', `${conversation(id)}/snooze`, { until }),
  note: (id: string, text: string) => http<{ id: string }>('POST', `${conversation(id)}/notes`, { text }),
  reply: (id: string, input: ReplyInput) => http<{ outboxId: string; humanAgentTag: boolean }>('POST', `${conversation(id)}/messages`, input),
  resolve: (id: string, outcome: 'bot' | 'close') => http<void>('POST', `${conversation(id)}/resolve`, { outcome }),
  updateContact: (id: string, patch: { customFields?: Record<string, ContactFieldValue>; tags?: string[] }) =>
    http<unknown>('PATCH', `${conversation(id)}/contact`, patch),
  searchCanned: (q: string) => http<CannedResponse[]>('GET', `/inbox/canned-responses${q ? `?q=${encodeURIComponent(q)}` : ''}`),
  renderCanned: (cannedId: string, conversationId: string) =>
    http<{ text: string }>('GET', `/inbox/canned-responses/${encodeURIComponent(cannedId)}/render/${encodeURIComponent(conversationId)}`),
  teams: () => http<InboxTeam[]>('GET', '/inbox/teams'),
  metrics: (from?: string, to?: string) => {
    const query = new URLSearchParams();
    if (from) query.set('from', from);
    if (to) query.set('to', to);
    return http<InboxMetrics>('GET', `/inbox/metrics${query.size ? `?${query}` : ''}`);
  },
};
