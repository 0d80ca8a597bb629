import type { Platform } from './channel-adapter';

export interface SecretField {
  key: string;
  label: string;
  /** May be left empty (X: the OAuth 1.0a pair, only with user-context keys). */
  optional?: boolean;
}

export interface PlatformInfo {
  platform: Platform | 'linkedin';
  label: string;
  /** False: no API lets a bot answer DMs (LinkedIn); the picker offers the custom channel instead. */
  available: boolean;
  note?: string;
  externalAccountId?: string;
  secrets: SecretField[];
  config: Array<{ key: string; label: string; required?: boolean; values?: string[] }>;
  capabilities: { text: string; quickReplies: number; buttons: number; cards: boolean; media: string[]; window: string };
  setup: string[];
}

/** What each platform needs to connect and what it can show: the API's `GET /api/channels/platforms` and the studio's picker. */
export const PLATFORM_CATALOG: PlatformInfo[] = [
  {
    platform: 'messenger', label: 'Facebook Messenger', available: true, externalAccountId: 'Facebook Page id',
    secrets: [{ key: 'pageAccessToken', label: 'Page access token' }, { key: 'appSecret', label: 'App secret' }, { key: 'verifyToken', label: 'Verify token (any string you choose)' }],
    config: [{ key: 'appId', label: 'Meta app id (for handover)' }],
    capabilities: { text: '2,000 characters', quickReplies: 13, buttons: 3, cards: true, media: ['image', 'video', 'audio', 'file'], window: '24 h after the last user message; HUMAN_AGENT tag 7 days (humans only)' },
    setup: [
      'In your Meta app add the Messenger product and generate a Page access token (pages_messaging).',
      'Webhooks → callback URL: the webhook URL below; verify token: the one you entered here.',
      'Subscribe the Page to messages, messaging_postbacks, messaging_referrals, message_echoes, message_reads, message_deliveries, messaging_handovers, standby.',
    ],
  },
  {
    platform: 'instagram', label: 'Instagram', available: true, externalAccountId: 'Instagram professional account id',
    secrets: [{ key: 'accessToken', label: 'Access token' }, { key: 'appSecret', label: 'App secret (Instagram app secret with Instagram Login)' }, { key: 'verifyToken', label: 'Verify token' }],
    config: [{ key: 'login', label: 'Login flavour', values: ['instagram', 'facebook'] }, { key: 'pageId', label: 'Linked Page id (Facebook Login)' }, { key: 'appId', label: 'Meta app id' }],
    capabilities: { text: '1,000 bytes', quickReplies: 13, buttons: 3, cards: true, media: ['image', 'video', 'audio', 'file'], window: '24 h; comment private reply within 7 days, once' },
    setup: [
      'Instagram Login: Instagram product → API setup with Instagram login; generate a token with instagram_business_basic and instagram_business_manage_messages (+ _manage_comments).',
      'Webhooks → callback URL: the webhook URL below; verify token: the one you entered; fields messages, messaging_postbacks, messaging_referrals, messaging_seen, comments.',
      'Enable the account: POST graph.instagram.com/<version>/me/subscribed_apps?subscribed_fields=comments,messages.',
    ],
  },
  {
    platform: 'whatsapp', label: 'WhatsApp (Cloud API)', available: true, externalAccountId: 'Phone number id',
    secrets: [{ key: 'accessToken', label: 'System user access token' }, { key: 'appSecret', label: 'App secret' }, { key: 'verifyToken', label: 'Verify token' }],
    config: [{ key: 'wabaId', label: 'WhatsApp Business Account id' }],
    capabilities: { text: '4,096 characters', quickReplies: 3, buttons: 3, cards: false, media: ['image', 'video', 'audio', 'file'], window: '24 h customer-service window, then approved templates only' },
    setup: [
      'In your Meta app add WhatsApp; note the phone number id and create a system user token (whatsapp_business_messaging).',
      'Webhooks → callback URL: the webhook URL below (one app webhook serves every number: use one connection per app, or the number-level override_callback_uri); subscribe to messages.',
    ],
  },
  {
    platform: 'x', label: 'X (Twitter)', available: true, externalAccountId: 'X user id of the account',
    secrets: [
      { key: 'consumerSecret', label: 'API key secret (consumer secret)' },
      { key: 'accessToken', label: 'Access token (OAuth 1.0a), or an OAuth 2.0 user token (dm.read dm.write tweet.read users.read)' },
      { key: 'consumerKey', label: 'API key (consumer key), for OAuth 1.0a', optional: true },
      { key: 'accessTokenSecret', label: 'Access token secret, for OAuth 1.0a', optional: true },
    ],
    config: [{ key: 'dmApi', label: 'DM API', values: ['v2', 'v1.1'] }],
    capabilities: { text: '10,000 characters', quickReplies: 20, buttons: 0, cards: false, media: [], window: 'none documented' },
    setup: [
      'Account Activity API access is needed. Register the webhook URL below (X sends a CRC check, answered with your consumer secret).',
      'Credentials: either the API key + secret and the account\'s access token + secret (OAuth 1.0a, "Keys and tokens" in the developer portal; sends are signed), or the API key secret and an OAuth 2.0 user token (sent as a bearer).',
      'Subscribe the account to the webhook. v2 DMs carry text only: options are listed in the text; choose DM API v1.1 for native quick replies where your access allows it.',
    ],
  },
  {
    platform: 'telegram', label: 'Telegram', available: true, externalAccountId: 'Bot id (the digits before ":" in the token)',
    secrets: [{ key: 'botToken', label: 'Bot token from @BotFather' }, { key: 'webhookSecret', label: 'Webhook secret (1–256 of A-Z a-z 0-9 _ -)' }],
    config: [],
    capabilities: { text: '4,096 characters', quickReplies: 12, buttons: 8, cards: false, media: ['image', 'video', 'audio', 'file'], window: 'none' },
    setup: ['Create a bot with @BotFather.', 'Press "Register webhook with Telegram" (POST /api/channels/<id>/register-webhook): Parley calls setWebhook with the webhook URL and your secret (needs PUBLIC_URL).'],
  },
  {
    platform: 'custom', label: 'Custom (signed JSON webhook)', available: true, externalAccountId: 'Any id naming the bridged account',
    secrets: [{ key: 'signingSecret', label: 'Signing secret (HMAC-SHA256)' }],
    config: [{ key: 'outboundUrl', label: 'Where Parley POSTs replies', required: true }],
    capabilities: { text: 'unlimited (your bridge decides)', quickReplies: 13, buttons: 13, cards: true, media: ['image', 'video', 'audio', 'file'], window: 'your bridge decides (answer 409 window-closed)' },
    setup: ['POST signed events to the webhook URL below; receive signed replies at your outbound URL. See docs/channels.md, "Custom channel".'],
  },
  {
    platform: 'linkedin', label: 'LinkedIn', available: false,
    note: 'LinkedIn has no API for automated DMs to company pages (its Messages API is for approved partners and member-initiated, human-confirmed messages). Bridge a partner tool through the custom channel instead.',
    secrets: [], config: [],
    capabilities: { text: '-', quickReplies: 0, buttons: 0, cards: false, media: [], window: '-' },
    setup: [],
  },
];

export const CONNECTABLE_PLATFORMS = PLATFORM_CATALOG.filter((p) => p.available).map((p) => p.platform as Platform);

export function platformInfo(platform: string): PlatformInfo | undefined {
  return PLATFORM_CATALOG.find((p) => p.platform === platform && p.available);
}
