import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { whatsappFake, type FakeTemplate } from '../fakes/whatsapp-fake';
import { startTestApp, type TestApp } from '../support/test-app';

const PHONE = '106540352242922';
const WABA = '102290129340398';
const SECRETS = { accessToken: 'WA_TOKEN', appSecret: 'wa_app_secret', verifyToken: 'w' };

const body = (text: string) => [{ type: 'BODY', text }];
const tpl = (name: string, status: string, text = 'Hi {{1}}', category = 'MARKETING'): FakeTemplate => ({ name, language: 'en_US', status, category, components: body(text) });

describe('WhatsApp templates synced from the business account, and template parameters checked', () => {
  const templates: FakeTemplate[] = [];
  const fake = whatsappFake({ phoneNumberId: PHONE, token: SECRETS.accessToken, wabaId: WABA, templates });
  let t: TestApp;
  let auth: { Authorization: string };
  let workspaceId: string;
  let phone: string;

  const sync = () => request(t.server).post('/api/whatsapp-templates/sync').set(auth).expect(200);
  const list = async () => (await request(t.server).get('/api/whatsapp-templates').set(auth).expect(200)).body as Array<Record<string, unknown>>;
  const byName = async () => Object.fromEntries((await list()).map((r) => [r.name, r]));
  const addConnection = (config: Record<string, string>, secrets = SECRETS, externalAccountId = PHONE) =>
    request(t.server).post('/api/channels').set(auth).send({ platform: 'whatsapp', name: 'WA', externalAccountId, secrets, config }).expect(201);

  beforeAll(async () => {
    await fake.start();
    t = await startTestApp({
      role: 'api',
      secretKey: randomBytes(32).toString('hex'),
      egressAllowHosts: [fake.host],
      channelApis: { metaGraphUrl: fake.url, metaGraphVersion: 'v25.0', instagramUrl: fake.url, xUrl: fake.url, telegramUrl: fake.url },
    });
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });
  beforeEach(async () => {
    await t.reset();
    fake.reset();
    templates.length = 0;
    const owner = await t.seedUser({ email: 'owner@example.com', workspaces: ['Acme'] });
    workspaceId = owner.workspaces.Acme;
    auth = { Authorization: `Bearer ${(await t.login(owner.email, owner.password)).token}` };
  });

  it('reads every page of templates with the connection token, maps the statuses and marks the ones gone upstream', async () => {
    phone = (await addConnection({ wabaId: WABA })).body.id;
    // A template entered by hand before the first sync, that WhatsApp does not have.
    await request(t.server).post('/api/whatsapp-templates').set(auth).send({ connectionId: phone, name: 'typo_sale', language: 'en_US', category: 'marketing', status: 'approved', body: 'Hi' }).expect(201);
    templates.push(tpl('spring_sale', 'APPROVED'), tpl('autumn_sale', 'PENDING'), tpl('winter_sale', 'REJECTED'), tpl('appeal', 'IN_APPEAL'), tpl('old_news', 'PAUSED'));
    for (let i = 0; i < 120; i++) templates.push(tpl(`bulk_${i}`, 'APPROVED', 'Order {{1}} ships {{2}}', 'UTILITY'));
    templates.push(tpl('legacy', 'APPROVED', 'x', 'TRANSACTIONAL'));

    const first = await sync();
    expect(first.body).toEqual([{ connectionId: phone, connectionName: 'WA', ok: true, listed: 125, created: 125, missing: 1, skipped: 1 }]);
    const calls = fake.sent(/message_templates/);
    expect(calls.length).toBe(3); // 126 templates at 50 a page
    expect(calls.every((c) => c.headers.authorization === `Bearer ${SECRETS.accessToken}` && !c.path.includes('access_token'))).toBe(true);
    expect(new URL(calls[0].path, 'http://x').searchParams.get('fields')).toBe('name,language,status,category,components');

    let rows = await byName();
    expect(Object.keys(rows)).toHaveLength(126);
    expect(rows.spring_sale).toMatchObject({ status: 'approved', category: 'marketing', body: 'Hi {{1}}', components: body('Hi {{1}}'), missingUpstreamAt: null });
    expect(rows.autumn_sale.status).toBe('pending');
    expect(rows.winter_sale.status).toBe('rejected');
    expect(rows.appeal.status).toBe('pending');
    expect(rows.old_news.status).toBe('paused');
    expect(rows.bulk_119).toMatchObject({ category: 'utility', body: 'Order {{1}} ships {{2}}' });
    expect(rows.typo_sale.missingUpstreamAt).not.toBeNull();
    expect(rows.legacy).toBeUndefined();

    // WhatsApp approves one, deletes another; a second sync updates in place and marks only the new gap.
    templates.splice(0, templates.length, tpl('spring_sale', 'APPROVED', 'Hello {{1}}'), tpl('autumn_sale', 'APPROVED'));
    expect((await sync()).body[0]).toMatchObject({ ok: true, listed: 2, created: 0, missing: 123 }); // typo_sale was marked already
    rows = await byName();
    expect(rows.autumn_sale).toMatchObject({ status: 'approved', missingUpstreamAt: null });
    expect(rows.spring_sale.body).toBe('Hello {{1}}');
    expect(rows.winter_sale.missingUpstreamAt).not.toBeNull();
    // Back upstream: no longer marked missing.
    templates.push(tpl('winter_sale', 'APPROVED'));
    await sync();
    expect((await byName()).winter_sale).toMatchObject({ status: 'approved', missingUpstreamAt: null });
  });

  it('says per connection what went wrong: no business account id, a refused token', async () => {
    const bare = (await addConnection({})).body.id;
    const refused = (await addConnection({ wabaId: WABA }, { ...SECRETS, accessToken: 'EXPIRED' }, '106540352242923')).body.id;
    const results = (await sync()).body as Array<{ connectionId: string; ok: boolean; error?: string }>;
    expect(results.find((r) => r.connectionId === bare)).toMatchObject({ ok: false, error: expect.stringMatching(/Business Account id/) });
    expect(results.find((r) => r.connectionId === refused)).toMatchObject({ ok: false, error: expect.stringMatching(/Error validating access token/) });
    expect(await list()).toEqual([]);

    // Syncing is a marketer's action, not a viewer's.
    const viewer = await t.seedUser({ email: 'viewer@example.com', workspaces: ['Viewed'], role: 'viewer' });
    await request(t.server).post('/api/whatsapp-templates/sync').set({ Authorization: `Bearer ${(await t.login(viewer.email, viewer.password)).token}` }).expect(403);
  });

  it('a broadcast needs an approved, still listed template with one parameter per placeholder (422 otherwise)', async () => {
    phone = (await addConnection({ wabaId: WABA })).body.id;
    templates.push(tpl('spring_sale', 'APPROVED', 'Hi {{1}}, {{2}} off today'), tpl('autumn_sale', 'PENDING'), tpl('winter_sale', 'REJECTED'));
    templates.push(tpl('named_sale', 'APPROVED', 'Hi {{first_name}}, {{discount}} off for {{first_name}}'));
    await sync();
    const [contact] = await t.db.query(
      `INSERT INTO contacts (workspace_id, connection_id, external_id, name, first_name, tags, last_inbound_at) VALUES ($1, $2, '16505550001', 'Sam', 'Sam', '{sale}', now() - interval '3 days') RETURNING id`,
      [workspaceId, phone],
    );
    await t.db.query(`INSERT INTO conversations (workspace_id, connection_id, contact_id) VALUES ($1, $2, $3)`, [workspaceId, phone, contact.id]);
    const definition = (name: string, parameters: string[]) => ({ kind: 'message', message: { text: 'Sale' }, template: { name, language: 'en_US', parameters }, audience: { tags: ['sale'] } });
    const preview = (name: string, parameters: string[]) => request(t.server).post('/api/broadcasts/preview').set(auth).send(definition(name, parameters));

    expect((await preview('spring_sale', ['{{contact.first_name}}', '20%']).expect(200)).body).toMatchObject({ eligible: 1 });
    expect((await preview('autumn_sale', ['{{contact.first_name}}']).expect(200)).body).toMatchObject({ eligible: 0, ineligible: [expect.objectContaining({ reason: 'TEMPLATE_REQUIRED' })] });
    expect((await preview('winter_sale', ['{{contact.first_name}}']).expect(200)).body).toMatchObject({ eligible: 0 });

    // Named placeholders count the same way, in the API and in the send-time SQL.
    expect((await preview('named_sale', ['{{contact.first_name}}', '20%']).expect(200)).body).toMatchObject({ eligible: 1 });
    await preview('named_sale', ['{{contact.first_name}}']).expect(422);
    // …and the broadcast keeps their names, so each send says which parameter is which (WhatsApp matches named ones by name).
    const named = await request(t.server).post('/api/broadcasts').set(auth).send({ name: 'Named', ...definition('named_sale', ['{{contact.first_name}}', '20%']) }).expect(201);
    expect(named.body.template).toEqual({ name: 'named_sale', language: 'en_US', parameters: ['{{contact.first_name}}', '20%'], parameterNames: ['first_name', 'discount'] });
    await request(t.server).post(`/api/broadcasts/${named.body.id}/cancel`).set(auth).expect(200);
    const wrong = await preview('spring_sale', ['{{contact.first_name}}']).expect(422);
    expect(wrong.body).toMatchObject({ code: 'TEMPLATE_PARAMETERS', details: { template: 'spring_sale', expected: 2, given: 1, connectionName: 'WA' } });
    await request(t.server).post('/api/broadcasts').set(auth).send({ name: 'Sale', ...definition('spring_sale', ['a', 'b', 'c']) }).expect(422);
    await request(t.server).post('/api/broadcasts').set(auth).send({ name: 'Sale', ...definition('spring_sale', []) }).expect(422);
    await request(t.server).post('/api/broadcasts').set(auth).send({ name: 'Sale', ...definition('spring_sale', ['a', 'b']) }).expect(201);

    // The body changed upstream after the broadcast was defined: the send-time check skips the contact instead of a platform error.
    templates.splice(0, 1, tpl('spring_sale', 'APPROVED', 'Hi {{1}}'));
    await sync();
    expect((await preview('spring_sale', ['a']).expect(200)).body).toMatchObject({ eligible: 1 });
    // Deleted upstream: no longer broadcastable, and no parameter check against a template WhatsApp no longer has.
    templates.splice(0, 1);
    await sync();
    expect((await preview('spring_sale', ['a']).expect(200)).body).toMatchObject({ eligible: 0, ineligible: [expect.objectContaining({ reason: 'TEMPLATE_REQUIRED' })] });
  });
});
