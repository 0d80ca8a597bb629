import { z } from 'zod';

/**
 * Every environment variable Parley reads, with its default, in one place. Parsed once at boot;
 * a bad value stops the process with a message that names the variable.
 */
/** Turn batches a worker process runs at once, unless PARLEY_PROCESSING_LOOPS says otherwise. */
export const DEFAULT_PROCESSING_LOOPS = 2;

const envSchema = z.object({
  /** HTTP port for the API and the studio. */
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Interface to listen on; 127.0.0.1 by default so a fresh install is not exposed. The Docker image sets 0.0.0.0. */
  HOST: z.string().min(1).default('127.0.0.1'),
  /** PostgreSQL connection string. Unset: an embedded PostgreSQL is started with its data in PARLEY_DATA_DIR. */
  DATABASE_URL: z.string().url().optional(),
  /** Where local state lives (embedded PostgreSQL data, generated keys). */
  PARLEY_DATA_DIR: z.string().min(1).default('.data'),
  /** Port of the embedded PostgreSQL (never 5432, to stay clear of a system server). */
  PARLEY_EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
  /** The owner account created on the first start of an empty database. */
  PARLEY_ADMIN_EMAIL: z.string().email().default('admin@parley.local'),
  /** Its password; unset: a random one is generated and printed once. */
  PARLEY_ADMIN_PASSWORD: z.string().min(8, 'must be at least 8 characters').optional(),
  /** Connections this process keeps to PostgreSQL at most; processes × this must stay under the server's max_connections. */
  PARLEY_DB_POOL_MAX: z.coerce.number().int().min(2).max(500).default(20),
  /**
   * Messages one worker process has in flight to the platforms at once. Higher sends faster under load; a process
   * killed mid-send leaves at most this many messages `uncertain` (never re-sent).
   */
  PARLEY_DISPATCH_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(32),
  /**
   * Turn batches one worker process runs at once (each claims up to 16 conversations). Few is faster: a batch is
   * pure database work, and more concurrent batches only fight over the same CPUs (see docs/architecture.md).
   */
  PARLEY_PROCESSING_LOOPS: z.coerce.number().int().min(1).max(64).default(DEFAULT_PROCESSING_LOOPS),
  /**
   * Backpressure: while more than this many received events wait for the workers, webhook deliveries are
   * acknowledged only as the backlog shrinks (at most 2 s later; then stored anyway). 0 turns it off.
   */
  PARLEY_INTAKE_BACKLOG_LIMIT: z.coerce.number().int().min(0).default(100),
  /** Which parts run in this process: `all` (default), `api` (HTTP only) or `worker` (flow execution only). */
  PARLEY_ROLE: z.enum(['all', 'api', 'worker']).default('all'),
  /** The public base URL, used in invite links and webhook URLs shown to users. */
  PUBLIC_URL: z.string().url().optional(),
  /** Log level for pino. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Set the Secure flag on the session cookie (on behind HTTPS). */
  COOKIE_SECURE: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  /** Express `trust proxy` value: how many proxy hops to trust for the client address (0: none, the default). */
  TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  /** Where the built studio is served from. */
  STUDIO_DIST: z.string().optional(),
  /** 32-byte key (base64 or hex) sealing channel secrets (AES-256-GCM). Unset: generated once into <PARLEY_DATA_DIR>/secret.key (mode 0600). */
  PARLEY_SECRET_KEY: z.string().optional(),
  /** During a key rotation only: the previous key(s), comma-separated; rows sealed with them are re-encrypted at boot. */
  PARLEY_SECRET_KEY_PREVIOUS: z.string().optional(),
  /** Meta Graph API base (Messenger, Instagram with Facebook login, WhatsApp). */
  META_GRAPH_API_URL: z.string().url().default('https://graph.facebook.com'),
  /** Graph API version used in every Meta call. */
  META_GRAPH_API_VERSION: z.string().regex(/^v\d+\.\d+$/, 'like v25.0').default('v25.0'),
  /** Instagram Graph API base (Instagram with Instagram login). */
  INSTAGRAM_API_URL: z.string().url().default('https://graph.instagram.com'),
  /** X API base (DMs). */
  X_API_URL: z.string().url().default('https://api.x.com'),
  /** Telegram Bot API base. */
  TELEGRAM_API_URL: z.string().url().default('https://api.telegram.org'),
  /** `host:port` or `host:*` entries the egress client may reach even on private/loopback addresses (tests, local setups). Empty by default. */
  EGRESS_ALLOW_HOSTS: z.string().default(''),
  /** Sends per second per channel connection, overriding the platform defaults: `custom=200,messenger=40`. Held across all worker processes. */
  PARLEY_SEND_RATES: z
    .string()
    .regex(/^(\s*[a-z]+\s*=\s*\d+(\.\d+)?\s*(,|$))*$/, 'like custom=200,messenger=40')
    .default(''),
  /**
   * Days a conversation's node reach (funnels, A/B results) is kept; older rows are pruned by the analytics rollup.
   * Totals (entered, took, sent… per hour and day) are not affected. 0 keeps them forever.
   */
  ANALYTICS_REACH_RETENTION_DAYS: z.coerce.number().int().min(0).max(36500).default(400),
});

export type AppConfig = {
  port: number;
  host: string;
  databaseUrl?: string;
  dataDir: string;
  embeddedPgPort: number;
  adminEmail: string;
  adminPassword?: string;
  role: 'all' | 'api' | 'worker';
  dbPoolMax: number;
  dispatchConcurrency: number;
  processingLoops: number;
  intakeBacklogLimit: number;
  publicUrl?: string;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  cookieSecure: boolean;
  trustProxyHops: number;
  studioDist?: string;
  secretKey?: string;
  secretKeyPrevious: string[];
  channelApis: { metaGraphUrl: string; metaGraphVersion: string; instagramUrl: string; xUrl: string; telegramUrl: string };
  egressAllowHosts: string[];
  sendRates: Record<string, number>;
  /** `ANALYTICS_REACH_RETENTION_DAYS`; 0 = never prune. */
  analyticsReachRetentionDays: number;
};

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  // An empty variable (`PARLEY_ADMIN_PASSWORD=` in a compose file) means "unset".
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.PARLEY_DATA_DIR,
    embeddedPgPort: e.PARLEY_EMBEDDED_PG_PORT,
    adminEmail: e.PARLEY_ADMIN_EMAIL.toLowerCase(),
    adminPassword: e.PARLEY_ADMIN_PASSWORD,
    role: e.PARLEY_ROLE,
    dbPoolMax: e.PARLEY_DB_POOL_MAX,
    dispatchConcurrency: e.PARLEY_DISPATCH_CONCURRENCY,
    processingLoops: e.PARLEY_PROCESSING_LOOPS,
    intakeBacklogLimit: e.PARLEY_INTAKE_BACKLOG_LIMIT,
    publicUrl: e.PUBLIC_URL,
    logLevel: e.LOG_LEVEL,
    cookieSecure: e.COOKIE_SECURE,
    trustProxyHops: e.TRUST_PROXY_HOPS,
    studioDist: e.STUDIO_DIST,
    secretKey: e.PARLEY_SECRET_KEY,
    secretKeyPrevious: (e.PARLEY_SECRET_KEY_PREVIOUS ?? '').split(',').map((k) => k.trim()).filter(Boolean),
    channelApis: {
      metaGraphUrl: e.META_GRAPH_API_URL.replace(/\/+$/, ''),
      metaGraphVersion: e.META_GRAPH_API_VERSION,
      instagramUrl: e.INSTAGRAM_API_URL.replace(/\/+$/, ''),
      xUrl: e.X_API_URL.replace(/\/+$/, ''),
      telegramUrl: e.TELEGRAM_API_URL.replace(/\/+$/, ''),
    },
    egressAllowHosts: e.EGRESS_ALLOW_HOSTS.split(',').map((h) => h.trim()).filter(Boolean),
    sendRates: Object.fromEntries(
      e.PARLEY_SEND_RATES.split(',').map((pair) => pair.split('=').map((x) => x.trim())).filter(([k, v]) => k && v).map(([k, v]) => [k, Number(v)]),
    ),
    analyticsReachRetentionDays: e.ANALYTICS_REACH_RETENTION_DAYS,
  };
}

/** Nest injection token for the loaded config. */
export const APP_CONFIG = Symbol('APP_CONFIG');
