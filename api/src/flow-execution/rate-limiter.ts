import type { Platform } from '../channels/channel-adapter';

/** Sends per second per connection, from each platform's published limits (conservative). */
export const DEFAULT_RATES: Record<Platform, number> = {
  messenger: 40, instagram: 20, whatsapp: 80, x: 15, telegram: 30, webchat: 1000, custom: 50,
};

/** What the limiter needs of a DataSource or EntityManager. */
export interface Queryable {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

/** Tokens granted to this process expire soon, so a process that stops sending cannot bank them for a later burst. */
const GRANT_TTL_MS = 1000;

/**
 * Token bucket per channel connection. With a database it is cluster-wide: the bucket is a row in
 * `send_rate_buckets` (capacity one second of sends) that every worker process draws from in grants of up to a tenth
 * of the rate, so one row update serves several sends and the row does not become a lock every send queues on.
 * Over any t seconds the connection sees at most rate × (t + 2) sends (a second of burst, plus tokens granted in the
 * second before and spent since), however many processes run.
 * Without a database (unit tests, a single process) the bucket is in memory.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly grants = new Map<string, { tokens: number; expires: number; inflight: Promise<void> | null }>();

  constructor(
    private readonly rates: Partial<Record<string, number>> = {},
    private readonly db?: Queryable,
  ) {}

  rateFor(platform: Platform): number {
    return this.rates[platform] ?? DEFAULT_RATES[platform] ?? 10;
  }

  /** Waits until a send on this connection may go out. */
  async take(connectionId: string, platform: Platform): Promise<void> {
    const rate = this.rateFor(platform);
    return this.db ? this.takeShared(connectionId, rate) : this.takeLocal(connectionId, rate);
  }

  private async takeLocal(connectionId: string, rate: number): Promise<void> {
    for (;;) {
      const now = Date.now();
      const b = this.buckets.get(connectionId) ?? { tokens: rate, at: now };
      b.tokens = Math.min(rate, b.tokens + ((now - b.at) / 1000) * rate);
      b.at = now;
      this.buckets.set(connectionId, b);
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return;
      }
      await sleep(Math.ceil(((1 - b.tokens) / rate) * 1000));
    }
  }

  private async takeShared(connectionId: string, rate: number): Promise<void> {
    let g = this.grants.get(connectionId);
    if (!g) this.grants.set(connectionId, (g = { tokens: 0, expires: 0, inflight: null }));
    for (;;) {
      if (g.tokens >= 1 && Date.now() < g.expires) {
        g.tokens--;
        return;
      }
      // One grant request at a time per connection in this process; the other sends wait for its tokens.
      if (!g.inflight) {
        const grant = g;
        grant.inflight = this.requestGrant(connectionId, rate, Math.max(1, Math.ceil(rate / 10))).then((granted) => {
          grant.tokens = granted;
          grant.expires = Date.now() + GRANT_TTL_MS;
        });
        grant.inflight.then(
          () => (grant.inflight = null),
          () => (grant.inflight = null),
        );
      }
      await g.inflight;
    }
  }

  /** Takes up to `want` whole tokens from the shared bucket, waiting for the refill when it is empty; returns how many. */
  private async requestGrant(connectionId: string, rate: number, want: number): Promise<number> {
    const capacity = Math.max(1, rate);
    for (;;) {
      const result = (await this.db!.query(
        `WITH now AS (SELECT clock_timestamp() AS t),
              b AS (SELECT connection_id, LEAST($2::float8, tokens + GREATEST(0, extract(epoch FROM now.t - refilled_at)) * $3::float8) AS avail
                      FROM send_rate_buckets, now WHERE connection_id = $1 FOR UPDATE OF send_rate_buckets)
         UPDATE send_rate_buckets s SET tokens = b.avail - LEAST($4::int, floor(b.avail)), refilled_at = now.t
           FROM b, now WHERE s.connection_id = b.connection_id
         RETURNING LEAST($4::int, floor(b.avail))::int AS granted, b.avail AS avail`,
        [connectionId, capacity, rate, want],
      )) as [Array<{ granted: number; avail: number }>, number];
      const row = result[0][0];
      if (!row) {
        await this.db!.query(`INSERT INTO send_rate_buckets (connection_id, tokens) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [connectionId, capacity]);
        continue;
      }
      if (row.granted >= 1) return row.granted;
      await sleep(Math.max(1, Math.ceil(((1 - row.avail) / rate) * 1000)));
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
