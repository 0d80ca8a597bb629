import { ConfigError, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3000, host: '127.0.0.1', dataDir: '.data', embeddedPgPort: 54329, role: 'all', cookieSecure: false });
    expect(config.databaseUrl).toBeUndefined();
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
