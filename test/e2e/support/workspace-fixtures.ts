import request from 'supertest';
import type { TestApp } from '../../support/test-app';
import { seedHandedOffConversation } from './inbox-fixtures';

/**
 * One of each kind of workspace resource, so the generated access tests can aim every route with a path
 * parameter at a real resource of workspace A. A feature that adds a route with a new parameter adds its
 * resource here (the access test fails and says so until it does).
 */
export async function seedWorkspaceResources(t: TestApp, ownerToken: string, workspaceId: string): Promise<Record<string, string>> {
  const auth = { Authorization: `Bearer ${ownerToken}` };
  const target = await t.seedUser({ email: `target-${workspaceId.slice(0, 8)}@example.com`, workspaces: [], role: 'editor' });
  await t.db.query(`INSERT INTO memberships (workspace_id, user_id, role) VALUES ($1, $2, 'editor')`, [workspaceId, target.id]);
  const invite = await request(t.server).post('/api/workspace/invites').set(auth).send({ role: 'editor' }).expect(201);
  const apiKey = await request(t.server).post('/api/workspace/api-keys').set(auth).send({ name: 'k', role: 'viewer' }).expect(201);
  const flow = await request(t.server).post('/api/flows').set(auth).send({ name: 'FAQ', templateKey: 'faq-keyword-bot' }).expect(201);
  await request(t.server).post(`/api/flows/${flow.body.id}/publish`).set(auth).send({}).expect(201);
  const channel = await request(t.server).post('/api/channels').set(auth).send(sampleBodies['POST /api/channels'] as object).expect(201);
  const { conversationId, connectionId: conversationConnectionId } = await seedHandedOffConversation(t, workspaceId);
  // A contact's message with an attachment that has nothing to download, so the media route answers without egress.
  const [message] = await t.db.query(
    `INSERT INTO inbound_events (workspace_id, connection_id, platform_event_id, contact_external_id, kind, platform_ts, payload, conversation_id, processed_at)
     VALUES ($1, $2, 'fixture-location', 'fixture', 'inbound', now(), $3, $4, now()) RETURNING id::text AS id`,
    [workspaceId, conversationConnectionId, { event: { type: 'message-received', text: '', attachments: [{ kind: 'location' }] } }, conversationId],
  );
  const canned = await request(t.server).post('/api/inbox/canned-responses').set(auth).send({ shortcut: 'hi', body: 'Hi {{contact.first_name}}' }).expect(201);
  const team = await request(t.server).post('/api/inbox/teams').set(auth).send({ name: 'Support' }).expect(201);
  const [{ contact_id: contactId }] = await t.db.query(`SELECT contact_id FROM conversations WHERE id = $1`, [conversationId]);
  const broadcast = await request(t.server).post('/api/broadcasts').set(auth).send(sampleBodies['POST /api/broadcasts'] as object).expect(201);
  const whatsapp = await seedHandedOffConversation(t, workspaceId, { platform: 'whatsapp' });
  const [{ connection_id: whatsappConnectionId }] = await t.db.query(`SELECT connection_id FROM conversations WHERE id = $1`, [whatsapp.conversationId]);
  const template = await request(t.server).post('/api/whatsapp-templates').set(auth)
    .send({ connectionId: whatsappConnectionId, name: 'spring_sale', language: 'en_US', category: 'marketing', status: 'approved', body: 'Hi {{1}}' }).expect(201);
  const preview = await request(t.server).post(`/api/flows/${flow.body.id}/preview-sessions`).set(auth).send({}).expect(201);
  return {
    connectionId: channel.body.id,
    conversationId,
    messageId: message.id,
    attachmentIndex: '0',
    cannedId: canned.body.id,
    teamId: team.body.id,
    contactId,
    broadcastId: broadcast.body.id,
    templateId: template.body.id,
    flowId: flow.body.id,
    sessionId: preview.body.id,
    versionNumber: '1',
    workspaceId,
    userId: target.id,
    inviteId: invite.body.id,
    apiKeyId: apiKey.body.id,
  };
}

/** A valid body for each route that takes one, so a request reaches the resource lookup instead of failing validation. */
export const sampleBodies: Record<string, unknown> = {
  'POST /api/channels': { platform: 'custom', name: 'Bridge', externalAccountId: 'bridge-1', secrets: { signingSecret: 's' }, config: { outboundUrl: 'https://bridge.example/out' } },
  'PATCH /api/channels/:connectionId': { name: 'Renamed bridge' },
  'POST /api/inbox/conversations/:conversationId/assign': { team: 'Support' },
  'POST /api/inbox/conversations/:conversationId/snooze': { until: '2030-01-01T00:00:00Z' },
  'POST /api/inbox/conversations/:conversationId/notes': { text: 'note' },
  'POST /api/inbox/conversations/:conversationId/messages': { text: 'Hello' },
  'POST /api/inbox/conversations/:conversationId/resolve': { outcome: 'close' },
  'PATCH /api/inbox/conversations/:conversationId/contact': { tags: ['vip'] },
  'POST /api/inbox/canned-responses': { shortcut: 'bye', body: 'Bye' },
  'PUT /api/inbox/canned-responses/:cannedId': { shortcut: 'hello', body: 'Hello' },
  'POST /api/inbox/teams': { name: 'Sales' },
  'PUT /api/inbox/teams/:teamId': { name: 'Support 2' },
  'PUT /api/inbox/status': { online: true },
  'PUT /api/inbox/settings': { waitingAmberMinutes: 3 },
  'PATCH /api/workspace/members/:userId': { role: 'viewer' },
  'POST /api/contacts/tags': { filter: { q: 'nobody' }, add: ['vip'] },
  'PATCH /api/contacts/:contactId': { customFields: { plan: 'pro' } },
  'PUT /api/broadcasts/settings': { optOutKeywords: ['stop'], optInKeywords: ['start'], frequencyCapHours: 24 },
  'POST /api/broadcasts/preview': { kind: 'message', message: { text: 'Hi' }, audience: {} },
  'POST /api/broadcasts': { name: 'Sale', kind: 'message', message: { text: 'Hi' }, audience: {}, scheduledAt: '2030-01-01T00:00:00Z' },
  'POST /api/whatsapp-templates': { connectionId: '00000000-0000-4000-8000-000000000000', name: 'hello', language: 'en', category: 'marketing', status: 'approved', body: 'Hi' },
  'PATCH /api/whatsapp-templates/:templateId': { status: 'paused' },
  'POST /api/whatsapp-templates/sync': {},
  'PATCH /api/workspace': { name: 'Renamed' },
  'POST /api/workspace/invites': { role: 'viewer' },
  'POST /api/workspace/api-keys': { name: 'k2', role: 'viewer' },
  'POST /api/workspaces': { name: 'Another' },
  'POST /api/flows': { name: 'New flow' },
  'PATCH /api/flows/:flowId': { name: 'Renamed flow' },
  'PUT /api/flows/:flowId/draft': { revision: 1, document: { schemaVersion: 1, triggers: [], nodes: [], edges: [] } },
  'POST /api/flows/:flowId/duplicate': {},
  'POST /api/flows/:flowId/publish': {},
  'POST /api/flows/:flowId/rollback': { versionNumber: 1 },
  'POST /api/flows/:flowId/preview-sessions': { channel: 'messenger' },
  'POST /api/flows/:flowId/preview-sessions/:sessionId/release': {},
  'POST /api/flows/import': { document: { schemaVersion: 1, triggers: [], nodes: [], edges: [] } },
};

/** A valid query string for routes that need one. */
export const sampleQueries: Record<string, string> = {
  'GET /api/flows/:flowId/diff': 'from=1&to=draft',
  'GET /api/flows/:flowId/analytics/funnel': 'nodes=welcome,thanks',
  'GET /api/flows/:flowId/analytics/ab-test': 'node=split&goal=thanks',
};
