import request from 'supertest';
import { bootstrapOwner } from '../../api/src/auth/bootstrap-owner';
import { startTestApp, type TestApp } from '../support/test-app';

describe('authentication', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());
  beforeEach(() => t.reset());

  describe('first-start bootstrap', () => {
    it('creates the owner and a first workspace once, with a generated password that logs in', async () => {
      const first = await bootstrapOwner(t.db, { adminEmail: 'boss@example.com', adminPassword: undefined });
      expect(first).toMatchObject({ created: true, email: 'boss@example.com' });
      expect(first.generatedPassword).toMatch(/^[\w-]{16}$/);
      const again = await bootstrapOwner(t.db, { adminEmail: 'other@example.com', adminPassword: 'whatever-123' });
      expect(again.created).toBe(false);

      const res = await request(t.server).post('/api/auth/login').send({ email: 'boss@example.com', password: first.generatedPassword });
      expect(res.status).toBe(200);
      expect(res.body.currentWorkspace).toMatchObject({ name: 'My workspace', role: 'owner' });
      const [{ count }] = await t.db.query(`SELECT count(*)::int AS count FROM users`);
      expect(count).toBe(1);
    });

    it('uses PARLEY_ADMIN_PASSWORD when given and stores only an argon2id hash', async () => {
      const result = await bootstrapOwner(t.db, { adminEmail: 'boss@example.com', adminPassword: 'chosen-password' });
      expect(result.generatedPassword).toBeUndefined();
      const [user] = await t.db.query(`SELECT password_hash FROM users`);
      expect(user.password_hash).toMatch(/^\$argon2id\$/);
      await t.login('boss@example.com', 'chosen-password');
    });
  });

  describe('POST /api/auth/login', () => {
    it('sets an httpOnly SameSite cookie and returns a bearer token that both authenticate', async () => {
      await t.seedUser({ email: 'ann@example.com', password: 'pass-word-1', workspaces: ['Acme'] });
      const res = await request(t.server).post('/api/auth/login').send({ email: 'ANN@example.com', password: 'pass-word-1' });
      expect(res.status).toBe(200);
      const cookie = res.headers['set-cookie'][0] as string;
      expect(cookie).toMatch(/^parley_session=ps_/);
      expect(cookie).toMatch(/HttpOnly/);
      expect(cookie).toMatch(/SameSite=Lax/);
      expect(res.body.token).toMatch(/^ps_/);

      const byCookie = await request(t.server).get('/api/auth/me').set('Cookie', cookie.split(';')[0]);
      expect(byCookie.status).toBe(200);
      expect(byCookie.body.user.email).toBe('ann@example.com');
      const byBearer = await request(t.server).get('/api/auth/me').set('Authorization', `Bearer ${res.body.token}`);
      expect(byBearer.body.currentWorkspace.name).toBe('Acme');
    });

    it('answers 401 INVALID_CREDENTIALS for a wrong password and for an unknown email alike', async () => {
      await t.seedUser({ email: 'ann@example.com', password: 'pass-word-1', workspaces: ['Acme'] });
      const wrong = await request(t.server).post('/api/auth/login').send({ email: 'ann@example.com', password: 'nope' });
      const unknown = await request(t.server).post('/api/auth/login').send({ email: 'who@example.com', password: 'nope' });
      for (const res of [wrong, unknown]) {
        expect(res.status).toBe(401);
        expect(res.body).toEqual({ code: 'INVALID_CREDENTIALS', message: 'Wrong email or password.' });
      }
    });

    it('locks an account after 10 failures in 15 minutes, even for the right password, with Retry-After', async () => {
      await t.seedUser({ email: 'ann@example.com', password: 'pass-word-1', workspaces: ['Acme'] });
      for (let i = 0; i < 10; i++) {
        const res = await request(t.server).post('/api/auth/login').set('X-Forwarded-For', `10.0.0.${i}`).send({ email: 'ann@example.com', password: `bad-${i}` });
        expect(res.status).toBe(401);
      }
      const locked = await request(t.server).post('/api/auth/login').send({ email: 'ann@example.com', password: 'pass-word-1' });
      expect(locked.status).toBe(429);
      expect(locked.body.code).toBe('TOO_MANY_ATTEMPTS');
      const retryAfter = Number(locked.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(800);
      expect(retryAfter).toBeLessThanOrEqual(900);
      expect(locked.body.details.retryAfterSeconds).toBe(retryAfter);

      // Once the failures are older than the window, the right password works again.
      await t.db.query(`UPDATE login_attempts SET at = at - interval '16 minutes'`);
      const after = await request(t.server).post('/api/auth/login').send({ email: 'ann@example.com', password: 'pass-word-1' });
      expect(after.status).toBe(200);
    });

    it('locks a client address that tries many accounts', async () => {
      for (let i = 0; i < 10; i++) {
        await request(t.server).post('/api/auth/login').send({ email: `user${i}@example.com`, password: 'guess' }).expect(401);
      }
      await t.seedUser({ email: 'ann@example.com', password: 'pass-word-1', workspaces: ['Acme'] });
      const res = await request(t.server).post('/api/auth/login').send({ email: 'ann@example.com', password: 'pass-word-1' });
      expect(res.status).toBe(429);
    });

    it('rejects malformed bodies with 400 and a code, never a 500', async () => {
      const cases = [
        { body: '{"email":', type: 'application/json', code: 'INVALID_JSON' },
        { body: JSON.stringify({ email: 'not-an-email', password: 'x' }), type: 'application/json', code: 'VALIDATION_FAILED' },
        { body: JSON.stringify({ email: 'a@example.com', password: 'x', admin: true }), type: 'application/json', code: 'VALIDATION_FAILED' },
        { body: JSON.stringify({ email: ['a@example.com'], password: 1 }), type: 'application/json', code: 'VALIDATION_FAILED' },
      ];
      for (const c of cases) {
        const res = await request(t.server).post('/api/auth/login').set('Content-Type', c.type).send(c.body);
        expect(res.status).toBe(400);
        expect(res.body.code).toBe(c.code);
        expect(typeof res.body.message).toBe('string');
      }
    });

    it('refuses a body over 1 MB with 413', async () => {
      const res = await request(t.server)
        .post('/api/auth/login')
        .set('Content-Type', 'application/json')
        .send(JSON.stringify({ email: 'a@example.com', password: 'x'.repeat(1_100_000) }));
      expect(res.status).toBe(413);
      expect(res.body.code).toBe('PAYLOAD_TOO_LARGE');
    });
  });

  describe('POST /api/auth/logout', () => {
    it('ends the session: the token no longer works', async () => {
      await t.seedUser({ email: 'ann@example.com', password: 'pass-word-1', workspaces: ['Acme'] });
      const { token } = await t.login('ann@example.com', 'pass-word-1');
      await request(t.server).post('/api/auth/logout').set('Authorization', `Bearer ${token}`).expect(204);
      const res = await request(t.server).get('/api/auth/me').set('Authorization', `Bearer ${token}`);
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('UNAUTHENTICATED');
    });
  });

  describe('API keys', () => {
    it('are shown once, authenticate as their role in their workspace, and stop working when revoked', async () => {
      const owner = await t.seedUser({ email: 'ann@example.com', workspaces: ['Acme'] });
      const { token } = await t.login(owner.email, owner.password);
      const created = await request(t.server).post('/api/workspace/api-keys').set('Authorization', `Bearer ${token}`).send({ name: 'CRM', role: 'viewer' });
      expect(created.status).toBe(201);
      expect(created.body.key).toMatch(/^pk_/);
      const [stored] = await t.db.query(`SELECT key_hash FROM api_keys`);
      expect(stored.key_hash).not.toContain(created.body.key);

      const listed = await request(t.server).get('/api/workspace/api-keys').set('Authorization', `Bearer ${token}`);
      expect(listed.body).toHaveLength(1);
      expect(listed.body[0].key).toBeUndefined();

      const asKey = (req: request.Test) => req.set('Authorization', `Bearer ${created.body.key}`);
      expect((await asKey(request(t.server).get('/api/workspace/members'))).status).toBe(200);
      // A viewer key cannot manage members, and a key is not a user session.
      expect((await asKey(request(t.server).post('/api/workspace/invites').send({ role: 'editor' }))).status).toBe(403);
      expect((await asKey(request(t.server).get('/api/auth/me'))).status).toBe(403);

      await request(t.server).delete(`/api/workspace/api-keys/${created.body.id}`).set('Authorization', `Bearer ${token}`).expect(204);
      expect((await asKey(request(t.server).get('/api/workspace/members'))).status).toBe(401);
    });
  });
});
