import request from 'supertest';
import { startTestApp, type TestApp } from '../support/test-app';

describe('workspaces, members and invites', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());
  beforeEach(() => t.reset());

  async function ownerSession() {
    const owner = await t.seedUser({ email: 'owner@example.com', workspaces: ['Acme', 'Globex'] });
    const { token } = await t.login(owner.email, owner.password);
    return { owner, auth: { Authorization: `Bearer ${token}` } };
  }

  describe('POST /api/workspaces/:id/switch', () => {
    it('switches the session to another workspace of the user', async () => {
      const { owner, auth } = await ownerSession();
      const res = await request(t.server).post(`/api/workspaces/${owner.workspaces.Globex}/switch`).set(auth).expect(200);
      expect(res.body.currentWorkspace).toMatchObject({ name: 'Globex', role: 'owner' });
      const me = await request(t.server).get('/api/workspace').set(auth).expect(200);
      expect(me.body.name).toBe('Globex');
    });

    it('answers 404 for a workspace the user is not a member of', async () => {
      const { auth } = await ownerSession();
      const stranger = await t.seedUser({ email: 's@example.com', workspaces: ['Private'] });
      const res = await request(t.server).post(`/api/workspaces/${stranger.workspaces.Private}/switch`).set(auth);
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('WORKSPACE_NOT_FOUND');
    });

    it('rejects a malformed id with 400', async () => {
      const { auth } = await ownerSession();
      const res = await request(t.server).post(`/api/workspaces/not-a-uuid/switch`).set(auth);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('INVALID_ID');
    });
  });

  it('POST /api/workspaces creates a workspace owned by its creator', async () => {
    const { auth } = await ownerSession();
    const res = await request(t.server).post('/api/workspaces').set(auth).send({ name: 'Initech' }).expect(201);
    expect(res.body).toMatchObject({ name: 'Initech', role: 'owner' });
    const me = await request(t.server).get('/api/auth/me').set(auth);
    expect(me.body.workspaces.map((w: { name: string }) => w.name)).toEqual(['Acme', 'Globex', 'Initech']);
  });

  it('refuses a workspaceId named in a body or a query string', async () => {
    const { owner, auth } = await ownerSession();
    const inBody = await request(t.server).post('/api/workspace/invites').set(auth).send({ role: 'editor', workspaceId: owner.workspaces.Globex });
    expect(inBody.status).toBe(400);
    expect(inBody.body.code).toBe('WORKSPACE_FROM_SESSION');
    const inQuery = await request(t.server).get(`/api/workspace/members?workspaceId=${owner.workspaces.Globex}`).set(auth);
    expect(inQuery.status).toBe(400);
  });

  describe('invites', () => {
    it('a new person accepts an invite link, gets an account, a session and the invited role; the link is single-use', async () => {
      const { auth } = await ownerSession();
      const invite = await request(t.server).post('/api/workspace/invites').set(auth).send({ role: 'agent' }).expect(201);
      expect(invite.body.token).toMatch(/^pi_[\w-]{43}$/); // 256 bits
      expect(invite.body.url).toBe(`/invite/${invite.body.token}`);
      const [stored] = await t.db.query(`SELECT token_hash FROM invites`);
      expect(stored.token_hash).not.toBe(invite.body.token);

      const page = await request(t.server).get(`/api/invites/${invite.body.token}`).expect(200);
      expect(page.body).toMatchObject({ workspaceName: 'Acme', role: 'agent' });

      const accepted = await request(t.server)
        .post(`/api/invites/${invite.body.token}/accept`)
        .send({ name: 'Ada', email: 'ada@example.com', password: 'ada-password' })
        .expect(200);
      expect(accepted.body.currentWorkspace).toMatchObject({ name: 'Acme', role: 'agent' });
      expect(accepted.headers['set-cookie'][0]).toMatch(/^parley_session=/);

      const members = await request(t.server).get('/api/workspace/members').set(auth);
      expect(members.body.map((m: { email: string; role: string }) => [m.email, m.role])).toContainEqual(['ada@example.com', 'agent']);

      const reused = await request(t.server).post(`/api/invites/${invite.body.token}/accept`).send({ email: 'eve@example.com', password: 'eve-password' });
      expect(reused.status).toBe(404);
      expect((await request(t.server).get(`/api/invites/${invite.body.token}`)).status).toBe(404);
    });

    it('a logged-in user joins with their account', async () => {
      const { auth } = await ownerSession();
      const bob = await t.seedUser({ email: 'bob@example.com', workspaces: ['Bobs'] });
      const bobToken = (await t.login(bob.email, bob.password)).token;
      const invite = await request(t.server).post('/api/workspace/invites').set(auth).send({ role: 'editor', email: 'bob@example.com' }).expect(201);
      const res = await request(t.server).post(`/api/invites/${invite.body.token}/accept`).set('Authorization', `Bearer ${bobToken}`).send({}).expect(200);
      expect(res.body.currentWorkspace).toMatchObject({ name: 'Acme', role: 'editor' });
      expect(res.body.workspaces).toHaveLength(2);
    });

    it('an invite for one address cannot be used by another', async () => {
      const { auth } = await ownerSession();
      const invite = await request(t.server).post('/api/workspace/invites').set(auth).send({ role: 'editor', email: 'bob@example.com' }).expect(201);
      const res = await request(t.server).post(`/api/invites/${invite.body.token}/accept`).send({ email: 'eve@example.com', password: 'eve-password' });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('INVITE_EMAIL_MISMATCH');
      // The refusal did not use up the invite.
      expect((await request(t.server).get(`/api/invites/${invite.body.token}`)).status).toBe(200);
    });

    it('expired and revoked invites are refused', async () => {
      const { auth } = await ownerSession();
      const expired = await request(t.server).post('/api/workspace/invites').set(auth).send({ role: 'viewer' }).expect(201);
      await t.db.query(`UPDATE invites SET expires_at = now() - interval '1 second' WHERE id = $1`, [expired.body.id]);
      const revoked = await request(t.server).post('/api/workspace/invites').set(auth).send({ role: 'viewer' }).expect(201);
      await request(t.server).delete(`/api/workspace/invites/${revoked.body.id}`).set(auth).expect(204);
      for (const token of [expired.body.token, revoked.body.token, 'pi_guess']) {
        const res = await request(t.server).post(`/api/invites/${token}/accept`).send({ email: 'x@example.com', password: 'password-1' });
        expect(res.status).toBe(404);
      }
      const pending = await request(t.server).get('/api/workspace/invites').set(auth);
      expect(pending.body).toEqual([]);
    });

    it('two concurrent accepts of one invite: exactly one wins', async () => {
      const { auth } = await ownerSession();
      const invite = await request(t.server).post('/api/workspace/invites').set(auth).send({ role: 'viewer' }).expect(201);
      const results = await Promise.all(
        ['p1', 'p2', 'p3'].map((who) =>
          request(t.server).post(`/api/invites/${invite.body.token}/accept`).send({ email: `${who}@example.com`, password: 'password-1' }),
        ),
      );
      expect(results.map((r) => r.status).sort()).toEqual([200, 404, 404]);
    });
  });

  describe('members', () => {
    it('an admin changes roles and removes members; the audit log records it', async () => {
      const { owner, auth } = await ownerSession();
      const ed = await t.seedUser({ email: 'ed@example.com', workspaces: ['Acme'], role: 'editor' });
      const changed = await request(t.server).patch(`/api/workspace/members/${ed.id}`).set(auth).send({ role: 'viewer' }).expect(200);
      expect(changed.body).toMatchObject({ email: 'ed@example.com', role: 'viewer' });
      await request(t.server).delete(`/api/workspace/members/${ed.id}`).set(auth).expect(204);
      const log = await request(t.server).get('/api/workspace/audit-log').set(auth).expect(200);
      expect(log.body.map((e: { action: string }) => e.action)).toEqual(['member.removed', 'member.role-changed']);
      expect(log.body[0]).toMatchObject({ actorUserId: owner.id, actorEmail: 'owner@example.com', targetId: ed.id });
      // A removed member's session no longer reaches the workspace.
      const edToken = (await t.login(ed.email, ed.password)).token;
      expect((await request(t.server).get('/api/workspace/members').set('Authorization', `Bearer ${edToken}`)).status).toBe(403);
    });

    it('the last owner cannot be demoted or removed; an admin cannot touch an owner', async () => {
      const { owner, auth } = await ownerSession();
      const demote = await request(t.server).patch(`/api/workspace/members/${owner.id}`).set(auth).send({ role: 'admin' });
      expect(demote.status).toBe(409);
      expect(demote.body.code).toBe('LAST_OWNER');
      expect((await request(t.server).delete(`/api/workspace/members/${owner.id}`).set(auth)).status).toBe(409);

      const admin = await t.seedUser({ email: 'adm@example.com', workspaces: ['Acme'], role: 'admin' });
      const adminAuth = { Authorization: `Bearer ${(await t.login(admin.email, admin.password)).token}` };
      expect((await request(t.server).delete(`/api/workspace/members/${owner.id}`).set(adminAuth)).status).toBe(403);
      expect((await request(t.server).patch(`/api/workspace/members/${admin.id}`).set(adminAuth).send({ role: 'owner' })).status).toBe(403);
    });

    it('rejects an unknown role with 400', async () => {
      const { owner, auth } = await ownerSession();
      const res = await request(t.server).patch(`/api/workspace/members/${owner.id}`).set(auth).send({ role: 'god' });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    });
  });
});
