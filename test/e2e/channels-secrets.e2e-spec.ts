import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { ConnectionStore } from '../../api/src/channels/connection-store';
import { keyId, SecretBox } from '../../api/src/channels/secrets/secret-box';
import { SecretRotation } from '../../api/src/channels/secrets/secret-rotation';
import type { AppConfig } from '../../api/src/config/app-config';
import { startTestApp, type TestApp } from '../support/test-app';

const KEY_A = randomBytes(32);
const KEY_B = randomBytes(32);

describe('channels: secrets at rest and key rotation', () => {
  let t: TestApp;
  let auth: { Authorization: string };

  beforeAll(async () => {
    t = await startTestApp({ secretKey: KEY_A.toString('hex'), secretKeyPrevious: [] });
    const owner = await t.seedUser({ email: 'owner@example.com', workspaces: ['Acme'] });
    auth = { Authorization: `Bearer ${(await t.login(owner.email, owner.password)).token}` };
  });
  afterAll(() => t.close());

  it('seals secrets with PARLEY_SECRET_KEY; rotation re-seals every row and the old key then opens nothing', async () => {
    const secrets = { botToken: '7000000002:canary_rot_5e1', webhookSecret: 'canary_rot_wh' };
    const created = await request(t.server).post('/api/channels').set(auth).send({ platform: 'telegram', name: 'Bot', secrets }).expect(201);
    expect(created.body.secrets).toEqual({ botToken: true, webhookSecret: true });
    const [before] = await t.db.query(`SELECT secrets_key_id, secrets_encrypted FROM channel_connections`);
    expect(before.secrets_key_id).toBe(keyId(KEY_A));
    expect(before.secrets_encrypted).not.toContain('canary_rot');

    // The boot of a process started with PARLEY_SECRET_KEY=B and PARLEY_SECRET_KEY_PREVIOUS=A.
    const rotatingStore = new ConnectionStore(t.db, new SecretBox(KEY_B, [KEY_A]));
    await new SecretRotation({ secretKeyPrevious: [KEY_A.toString('hex')] } as AppConfig, rotatingStore).onApplicationBootstrap();

    const [after] = await t.db.query(`SELECT secrets_key_id, secrets_encrypted FROM channel_connections`);
    expect(after.secrets_key_id).toBe(keyId(KEY_B));
    expect(new SecretBox(KEY_B).open(after.secrets_encrypted)).toEqual(secrets);
    expect(() => new SecretBox(KEY_A).open(after.secrets_encrypted)).toThrow(/No key/);
    const dump = JSON.stringify(await t.db.query(`SELECT * FROM channel_connections`)) + JSON.stringify(await t.db.query(`SELECT * FROM audit_log`));
    expect(dump).not.toContain('canary_rot');
  });

  it('validates credentials per platform and never echoes them', async () => {
    const missing = await request(t.server).post('/api/channels').set(auth).send({ platform: 'messenger', name: 'P', externalAccountId: '1', secrets: { appSecret: 'x' } }).expect(400);
    expect(missing.body.message).toMatch(/pageAccessToken/);
    await request(t.server).post('/api/channels').set(auth).send({ platform: 'linkedin', name: 'L', externalAccountId: '1', secrets: {} }).expect(400);
    await request(t.server).post('/api/channels').set(auth).send({ platform: 'custom', name: 'C', externalAccountId: 'c', secrets: { signingSecret: 's' }, config: { outboundUrl: 'file:///etc/passwd' } }).expect(400);
    const ok = await request(t.server).post('/api/channels').set(auth).send({ platform: 'custom', name: 'C', externalAccountId: 'c', secrets: { signingSecret: 'canary_sig' }, config: { outboundUrl: 'https://bridge.example/out' } }).expect(201);
    await request(t.server).post('/api/channels').set(auth).send({ platform: 'custom', name: 'C2', externalAccountId: 'c', secrets: { signingSecret: 's' }, config: { outboundUrl: 'https://bridge.example/out' } }).expect(409);
    expect(JSON.stringify(ok.body)).not.toContain('canary_sig');
    await request(t.server).delete(`/api/channels/${ok.body.id}`).set(auth).expect(204);
    await request(t.server).get(`/api/channels/${ok.body.id}`).set(auth).expect(404);
  });
});
