import type { Readable } from 'node:stream';
import type { InboundAttachment, InboundEvent, OutboundMessage } from '@parley/runtime';
import type { EgressClient } from '../egress';

/**
 * The contract between the channel adapters (`api/src/channels/<platform>/`, issue #4) and the runtime host
 * (`api/src/flow-execution/`, issue #9). Adapters know a platform's wire formats; the host knows nothing of them.
 */
export type Platform = 'messenger' | 'instagram' | 'whatsapp' | 'x' | 'telegram' | 'webchat' | 'custom';

/** A connection as the pipeline sees it: secrets decrypted in memory only, never logged or returned by the API. */
export interface ChannelConnection {
  id: string;
  workspaceId: string;
  platform: Platform;
  /** The platform's id of the connected account: page id, Instagram account id, phone number id, X user id, bot id. */
  externalAccountId: string;
  /** Non-secret settings (e.g. Graph API page name). */
  config: Record<string, unknown>;
  /** Decrypted secrets: access token, app secret, verify token, bot token, consumer secret… */
  secrets: Record<string, string>;
  status: 'active' | 'broken' | 'disabled';
}

/**
 * An attachment as a channel parser stores it: WhatsApp and Telegram deliver a media id (fetching needs the
 * connection's token), Meta a CDN URL. The engine sees only `kind` and `url`; agents fetch the bytes through
 * `GET /api/inbox/conversations/:id/messages/:messageId/attachments/:index` (ChannelMediaService).
 */
export interface ChannelAttachment extends InboundAttachment {
  /** WhatsApp media id, Telegram file_id. */
  mediaId?: string;
  /** The platform's declared type, when it gives one. */
  mimeType?: string;
  fileName?: string;
}

/** Media fetched from a platform (its bytes as they arrive, capped by the egress client), or why not. */
export type MediaFetchResult =
  | { ok: true; body: Readable; contentType?: string; fileName?: string }
  | { ok: false; reason: 'not-found' | 'auth' | 'too-large' | 'unavailable'; message: string };

/** The contact as the platform describes it on a delivery. */
export interface InboundContact {
  externalId: string;
  name?: string;
  firstName?: string;
  lastName?: string;
  username?: string;
  avatarUrl?: string;
}

/** One normalised event out of a webhook delivery (a delivery may hold many). */
export type NormalizedEvent =
  | {
      /** Something the contact did that the engine may answer. */
      kind: 'inbound';
      /** Unique per connection: the intake's de-duplication key (message id, comment id, update id…). */
      platformEventId: string;
      platformTimestamp: Date;
      contact: InboundContact;
      event: InboundEvent;
      /** Telegram callback query id etc.: to acknowledge so the button stops spinning. */
      ackToken?: string;
    }
  | {
      /** Recorded but never answered: echoes of our own messages, events by the account itself, standby. */
      kind: 'ignored';
      platformEventId: string;
      platformTimestamp: Date;
      reason: 'echo' | 'self' | 'standby' | 'unsupported';
      contactExternalId?: string;
    }
  | {
      /** Delivery/read/status of a message we sent; states never move backwards. */
      kind: 'status';
      platformEventId: string;
      platformTimestamp: Date;
      contactExternalId: string;
      /** Our platform message id (mid / wamid …), or "everything up to" a watermark. */
      platformMessageId?: string;
      watermark?: Date;
      status: 'delivered' | 'read' | 'failed';
      error?: string;
    }
  | {
      /** Messenger handover protocol: the thread moved between bot and human. */
      kind: 'handover';
      platformEventId: string;
      platformTimestamp: Date;
      contactExternalId: string;
      to: 'human' | 'bot';
    };

/** Where an outgoing message goes. */
export interface SendTarget {
  contactExternalId: string;
  /** Messenger/Instagram human-agent replies within 7 days: sent with the HUMAN_AGENT tag. */
  humanAgentTag?: boolean;
}

/** A pre-approved template by name and language, with its body parameters ({{1}}, {{2}}…) already rendered. */
export interface TemplateMessage {
  name: string;
  language: string;
  parameters: string[];
  /** For templates made with named placeholders: each parameter's name, in the same order as `parameters`. */
  parameterNames?: string[];
}

/** How a send ended, classified so the dispatcher knows whether to retry. */
export type SendResult =
  | { ok: true; platformMessageId?: string }
  | {
      ok: false;
      kind: 'transient' | 'rate-limited' | 'window-closed' | 'auth' | 'permanent';
      /** The platform's own error, verbatim (for agents and logs). */
      message: string;
      retryAfterMs?: number;
    };

export type SendFailure = Extract<SendResult, { ok: false }>;

/** What an adapter answers to a webhook handshake (Meta's hub.challenge, X's CRC). */
export interface HandshakeResponse {
  status: number;
  body: string | Record<string, unknown>;
  contentType?: string;
}

export interface ChannelAdapter {
  platform: Platform;
  /** GET on the webhook URL: answer the platform's verification, or null when the request is not one. */
  handshake?(connection: ChannelConnection, query: Record<string, string | undefined>): HandshakeResponse | null;
  /** Checks the delivery's signature over the raw bytes, in constant time. False → 401/403, nothing stored. */
  verifySignature(connection: ChannelConnection, rawBody: Buffer, headers: Record<string, string | string[] | undefined>): boolean;
  /** Parses a verified delivery into normalised events. Throws nothing: unknown shapes become `ignored`. */
  parseDelivery(connection: ChannelConnection, body: unknown): NormalizedEvent[];
  /** Sends one message in the platform's native format (degrading gracefully), through the egress client. */
  send(connection: ChannelConnection, target: SendTarget, message: OutboundMessage): Promise<SendResult>;
  /** An approved message template (WhatsApp), the only message allowed outside the 24-hour window. */
  sendTemplate?(connection: ChannelConnection, target: SendTarget, template: TemplateMessage): Promise<SendResult>;
  /** Public reply under an Instagram comment. */
  replyToComment?(connection: ChannelConnection, commentId: string, text: string): Promise<SendResult>;
  /**
   * Downloads an attachment (a media id, or a URL that needs credentials) with the connection's credentials. The
   * caller passes the egress client to use (ChannelMediaService's, with a media-sized response cap). Without this
   * method, an attachment's URL is fetched as it is.
   */
  fetchMedia?(connection: ChannelConnection, attachment: ChannelAttachment, egress: EgressClient): Promise<MediaFetchResult>;
  /** Acknowledge an interactive event (Telegram callback query). */
  acknowledge?(connection: ChannelConnection, ackToken: string): Promise<void>;
}
