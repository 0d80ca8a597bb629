import { http } from './http';

// Shapes of api/src/channels (GET /api/channels/platforms and the connection views). Secrets are write-only:
// the server answers which are set (true/false), never their values.

export type ChannelPlatform = 'messenger' | 'instagram' | 'whatsapp' | 'x' | 'telegram' | 'webchat' | 'custom';
export type ConnectionStatus = 'active' | 'broken' | 'disabled';

export interface PlatformField {
  key: string;
  label: string;
  required?: boolean;
  values?: string[];
}

export interface PlatformInfo {
  platform: ChannelPlatform | 'linkedin';
  label: string;
  /** False: the platform cannot be connected (LinkedIn); `note` says why. */
  available: boolean;
  note?: string;
  externalAccountId?: string;
  secrets: Array<{ key: string; label: string; optional?: boolean }>;
  config: PlatformField[];
  capabilities: { text: string; quickReplies: number; buttons: number; cards: boolean; media: string[]; window: string };
  setup: string[];
}

export interface ChannelConnection {
  id: string;
  platform: ChannelPlatform;
  name: string;
  externalAccountId: string;
  config: Record<string, string>;
  /** Which secrets are stored. */
  secrets: Record<string, boolean>;
  status: ConnectionStatus;
  /** Why a connection is broken (the platform's auth error), or null. */
  statusReason: string | null;
  /** Absolute when the server knows its PUBLIC_URL, else a path on this origin. */
  webhookUrl: string;
  setup: string[];
  createdAt: string;
  updatedAt: string;
}

export interface NewConnection {
  platform: ChannelPlatform;
  name: string;
  externalAccountId?: string;
  config?: Record<string, string>;
  secrets: Record<string, string>;
}

export interface ConnectionChanges {
  name?: string;
  config?: Record<string, string>;
  /** Only the secrets being replaced. */
  secrets?: Record<string, string>;
  status?: 'active' | 'disabled';
}

const path = (id: string) => `/channels/${encodeURIComponent(id)}`;

/** Channel connections of the current workspace (the server takes the workspace from the session). */
export const channelsApi = {
  platforms: () => http<PlatformInfo[]>('GET', '/channels/platforms'),
  list: () => http<ChannelConnection[]>('GET', '/channels'),
  create: (connection: NewConnection) => http<ChannelConnection>('POST', '/channels', connection),
  update: (id: string, changes: ConnectionChanges) => http<ChannelConnection>('PATCH', path(id), changes),
  remove: (id: string) => http<void>('DELETE', path(id)),
  /** Telegram only: Parley calls setWebhook with the webhook URL and the connection's secret. */
  registerWebhook: (id: string) => http<{ registered: boolean; webhookUrl: string }>('POST', `${path(id)}/register-webhook`),
  /** The workspace's built-in web chat connection, created on first use. */
  enableWebchat: () => http<{ connectionId: string }>('POST', '/webchat/connection'),
};
