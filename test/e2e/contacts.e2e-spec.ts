import request from 'supertest';
import { SECRET_BOX } from '../../api/src/channels/channels.tokens';
import type { SecretBox } from '../../api/src/channels/secrets/secret-box';
import { startTestApp, type TestApp } from '../support/test-app';

/** A connection and contacts straight in the tables, as the runtime host leaves them. */
async function seedConnection(t: TestApp, workspaceId: string, platform: string, name: string): Promise<string> {
  const box = t.app.get<SecretBox>(SECRET_BOX);
  const [row] = await t.db.query(
    `INSERT INTO channel_connections (workspace_id, platform, name, external_account_id, secrets_encrypted, secrets_key_id) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [workspaceId, platform, name, `acct-${name}`, box.seal({ accessToken: 't' }), box.currentKeyId],
  );
  return row.id;
}

async function seedContact(
  t: TestApp,
  workspaceId: string,
  connectionId: string,
  c: { name: string; username?: string; tags?: string[]; fields?: Record<string, unknown>; hoursAgo?: number | null },
): Promise<string> {
  const [row] = await t.db.query(
    `INSERT INTO contacts (workspace_id, connection_id, external_id, name, first_name, username, tags, custom_fields, last_inbound_at)
     VALUES ($1, $2, $3, $4, split_part($4, ' ', 1), $5, $6, $7, CASE WHEN $8::float8 IS NULL THEN NULL ELSE now() - $8::float8 * interval '1 hour' END) RETURNING id`,
    [workspaceId, connectionId, `ext-${Math.random()}`, c.name, c.username ?? null, c.tags ?? [], c.fields ?? {}, c.hoursAgo === undefined ? 1 : c.hoursAgo],
  );
  await t.db.query(`INSERT INTO conversations (workspace_id, connection_id, contact_id) VALUES ($1, $2, $3)`, [workspaceId, connectionId, row.id]);
  return row.id;
}

describe('contacts API', () => {
  let t: TestApp;
  let auth: { Authorization: string };
  let workspaceId: string;
  let messenger: string;
  let telegram: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp({ role: 'api' });
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    await t.reset();
    const owner = await t.seedUser({ email: 'owner@example.com', workspaces: ['Acme'] });
    workspaceId = owner.workspaces.Acme;
    auth = { Authorization: `Bearer ${(await t.login(owner.email, owner.password)).token}` };
    messenger = await seedConnection(t, workspaceId, 'messenger', 'Page');
    telegram = await seedConnection(t, workspaceId, 'telegram', 'Bot');
    ids.ana = await seedContact(t, workspaceId, messenger, { name: 'Ana Lima', username: 'ana.l', tags: ['vip', 'lead'], fields: { plan: 'pro' }, hoursAgo: 2 });
    ids.bob = await seedContact(t, workspaceId, messenger, { name: 'Bob Stone', tags: ['lead'], fields: { plan: 'free' }, hoursAgo: 72 });
    ids.cy = await seedContact(t, workspaceId, telegram, { name: 'Cy Twig', username: 'cyanide', tags: [], hoursAgo: null });
    ids.evil = await seedContact(t, workspaceId, telegram, { name: `=cmd|' /C calc'!A0`, username: '@boss', tags: ['vip'], fields: { note: '+1, "quoted"\nline' } });
  });

  const names = (res: request.Response) => (res.body.items as Array<{ name: string }>).map((c) => c.name).sort();

  it('searches by name or username and filters by tag, custom field, connection and last message time', async () => {
    expect(names(await request(t.server).get('/api/contacts').query({ q: 'ana' }).set(auth).expect(200))).toEqual(['Ana Lima']);
    expect(names(await request(t.server).get('/api/contacts').query({ q: 'CYAN' }).set(auth).expect(200))).toEqual(['Cy Twig']);
    expect(names(await request(t.server).get('/api/contacts').query({ q: '%' }).set(auth).expect(200))).toEqual([]);
    expect(names(await request(t.server).get('/api/contacts?tag=vip&tag=lead').set(auth).expect(200))).toEqual(['Ana Lima']);
    expect(names(await request(t.server).get('/api/contacts').query({ field: 'plan:free' }).set(auth).expect(200))).toEqual(['Bob Stone']);
    expect(names(await request(t.server).get('/api/contacts').query({ connectionId: telegram }).set(auth).expect(200))).toEqual([`=cmd|' /C calc'!A0`, 'Cy Twig']);
    const since = new Date(Date.now() - 24 * 3600_000).toISOString();
    expect(names(await request(t.server).get('/api/contacts').query({ lastMessageAfter: since }).set(auth).expect(200))).toEqual([`=cmd|' /C calc'!A0`, 'Ana Lima']);
    expect(names(await request(t.server).get('/api/contacts').query({ lastMessageBefore: since }).set(auth).expect(200))).toEqual(['Bob Stone']);
    expect((await request(t.server).get('/api/contacts/count').query({ tag: 'vip' }).set(auth).expect(200)).body).toEqual({ count: 2 });
    await request(t.server).get('/api/contacts').query({ field: 'no-colon' }).set(auth).expect(400);
    await request(t.server).get('/api/contacts').query({ workspaceId }).set(auth).expect(400);
  });

  it('pages with a keyset cursor: every contact once, newest first', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: request.Response = await request(t.server).get('/api/contacts').query({ limit: 3, ...(cursor ? { cursor } : {}) }).set(auth).expect(200);
      seen.push(...res.body.items.map((c: { id: string }) => c.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([ids.evil, ids.cy, ids.bob, ids.ana]);
    await request(t.server).get('/api/contacts').query({ cursor: 'forged' }).set(auth).expect(400);
  });

  it("shows a contact's profile with its conversations, and edits custom fields", async () => {
    const profile = await request(t.server).get(`/api/contacts/${ids.ana}`).set(auth).expect(200);
    expect(profile.body).toMatchObject({ name: 'Ana Lima', tags: ['vip', 'lead'], connection: { id: messenger, platform: 'messenger' }, conversations: [{ status: 'bot' }] });
    expect(profile.body.conversations[0].id).toMatch(/^[0-9a-f-]{36}$/);
    const edited = await request(t.server).patch(`/api/contacts/${ids.ana}`).set(auth).send({ customFields: { plan: null, city: 'Porto', age: 31 } }).expect(200);
    expect(edited.body.customFields).toEqual({ city: 'Porto', age: 31 });
    await request(t.server).patch(`/api/contacts/${ids.ana}`).set(auth).send({ customFields: { 'bad key': 1 } }).expect(400);
    await request(t.server).get(`/api/contacts/00000000-0000-4000-8000-000000000000`).set(auth).expect(404);
  });

  it('adds and removes tags in bulk, by ids or by the current filter', async () => {
    const byIds = await request(t.server).post('/api/contacts/tags').set(auth).send({ contactIds: [ids.bob, ids.cy], add: ['promo'], remove: ['lead'] }).expect(200);
    expect(byIds.body).toEqual({ updated: 2 });
    const tagsOf = async (id: string) => (await t.db.query(`SELECT tags FROM contacts WHERE id = $1`, [id]))[0].tags.sort();
    expect(await tagsOf(ids.bob)).toEqual(['promo']);
    expect(await tagsOf(ids.cy)).toEqual(['promo']);
    expect(await tagsOf(ids.ana)).toEqual(['lead', 'vip']);
    const byFilter = await request(t.server).post('/api/contacts/tags').set(auth).send({ filter: { connectionId: messenger }, add: ['q4'] }).expect(200);
    expect(byFilter.body).toEqual({ updated: 2 });
    // Nothing changes the second time, and nothing is counted.
    expect((await request(t.server).post('/api/contacts/tags').set(auth).send({ filter: { connectionId: messenger }, add: ['q4'] }).expect(200)).body).toEqual({ updated: 0 });
    await request(t.server).post('/api/contacts/tags').set(auth).send({ add: ['x'] }).expect(400);
    await request(t.server).post('/api/contacts/tags').set(auth).send({ contactIds: [ids.ana], filter: {}, add: ['x'] }).expect(400);
  });

  it('exports the filtered contacts as CSV, escaping formula cells and quoting', async () => {
    const res = await request(t.server).get('/api/contacts/export.csv').query({ connectionId: telegram }).set(auth).buffer(true).parse((r, cb) => {
      let text = '';
      r.on('data', (c: Buffer) => (text += c.toString('utf8')));
      r.on('end', () => cb(null, text));
    }).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toContain('contacts.csv');
    const text = res.body as string;
    const lines = text.split('\r\n');
    expect(lines[0]).toBe('id,name,first_name,last_name,username,platform,connection,tags,last_message_at,opted_out_at,created_at,field:note');
    expect(text).toContain(`,'=cmd|' /C calc'!A0,'=cmd|',`);
    expect(text).toContain(`,'@boss,telegram,Bot,vip,`);
    expect(text).toContain(`"'+1, ""quoted""\nline"`);
    expect(text).not.toContain('Ana Lima');
    expect(text).toContain(`${ids.cy},Cy Twig,Cy,,cyanide,telegram,Bot,,,,`);
  });
});
