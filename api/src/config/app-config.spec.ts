import { ConfigError, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3000, host: '127.0.0.1', dataDir: '.data', embeddedPgPort: 54329, role: 'all', cookieSecure: false });
    expect(config.databaseUrl).toBeUndefined();
    expect(config.analyticsReachRetentionDays).toBe(400);
    expect(loadConfig({ ANALYTICS_REACH_RETENTION_DAYS: '0' }).analyticsReachRetentionDays).toBe(0);
    expect(() => loadConfig({ ANALYTICS_REACH_RETENTION_DAYS: '-1' })).toThrow(/ANALYTICS_REACH_RETENTION_DAYS/);
  });

  it('defaults the channel APIs to the real hosts, trims trailing slashes, and checks the Graph version', () => {
    expect(loadConfig({}).channelApis).toEqual({
      metaGraphUrl: 'https://graph.facebook.com',
      metaGraphVersion: 'v25.0',
      instagramUrl: 'https://graph.instagram.com',
      xUrl: 'https://api.x.com',
      telegramUrl: 'https://api.telegram.org',
    });
    expect(loadConfig({ TELEGRAM_API_URL: 'http://127.0.0.1:9999/' }).channelApis.telegramUrl).toBe('http://127.0.0.1:9999');
    expect(loadConfig({ PARLEY_SECRET_KEY_PREVIOUS: 'a, b' }).secretKeyPrevious).toEqual(['a', 'b']);
    expect(() => loadConfig({ META_GRAPH_API_VERSION: '25' })).toThrow(/META_GRAPH_API_VERSION/);
  });

  it('reads the runtime host settings: send rates per platform, pool size', () => {
    expect(loadConfig({}).sendRates).toEqual({});
    expect(loadConfig({}).dbPoolMax).toBe(20);
    expect(loadConfig({}).dispatchConcurrency).toBe(32);
    expect(loadConfig({ PARLEY_DISPATCH_CONCURRENCY: '8' }).dispatchConcurrency).toBe(8);
    expect(() => loadConfig({ PARLEY_DISPATCH_CONCURRENCY: '0' })).toThrow(/PARLEY_DISPATCH_CONCURRENCY/);
    expect(loadConfig({}).processingLoops).toBe(2);
    expect(loadConfig({ PARLEY_PROCESSING_LOOPS: '4' }).processingLoops).toBe(4);
    expect(() => loadConfig({ PARLEY_PROCESSING_LOOPS: 'many' })).toThrow(/PARLEY_PROCESSING_LOOPS/);
    expect(loadConfig({ PARLEY_SEND_RATES: 'custom=200, messenger = 40,telegram=2.5' }).sendRates).toEqual({ custom: 200, messenger: 40, telegram: 2.5 });
    expect(() => loadConfig({ PARLEY_SEND_RATES: 'custom:200' })).toThrow(/PARLEY_SEND_RATES/);
    expect(() => loadConfig({ PARLEY_DB_POOL_MAX: '1' })).toThrow(/PARLEY_DB_POOL_MAX/);
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ PARLEY_ADMIN_PASSWORD: '', DATABASE_URL: '' }).adminPassword).toBeUndefined();
  });

  it('names every bad variable in one error', () => {
    expect(() => loadConfig({ PORT: 'eighty', PARLEY_ROLE: 'boss', PARLEY_ADMIN_PASSWORD: 'short' })).toThrow(ConfigError);
    try {
      loadConfig({ PORT: 'eighty', PARLEY_ROLE: 'boss', PARLEY_ADMIN_PASSWORD: 'short' });
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toMatch(/PORT:/);
      expect(message).toMatch(/PARLEY_ROLE:/);
      expect(message).toMatch(/PARLEY_ADMIN_PASSWORD: must be at least 8 characters/);
    }
  });

  it('lower-cases the admin email and parses booleans', () => {
    expect(loadConfig({ PARLEY_ADMIN_EMAIL: 'Boss@Example.com', COOKIE_SECURE: 'true' })).toMatchObject({
      adminEmail: 'boss@example.com',
      cookieSecure: true,
    });
  });
});
