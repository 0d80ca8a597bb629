import type { Platform } from '../channels/channel-adapter';

/** Sends per second per connection, from each platform's published limits (conservative). */
export const DEFAULT_RATES: Record<Platform, number> = {
  messenger: 40, instagram: 20, whatsapp: 80, x: 15, telegram: 30, webchat: 1000, custom: 50,
};

/** Token bucket per connection (per process): waits until a send may go out. */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly rates: Partial<Record<Platform, number>> = {}) {}

  async take(connectionId: string, platform: Platform): Promise<void> {
    const rate = this.rates[platform] ?? DEFAULT_RATES[platform] ?? 10;
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
      await new Promise((r) => setTimeout(r, Math.ceil(((1 - b.tokens) / rate) * 1000)));
    }
  }
}
