import request from 'supertest';
import { starterFlows } from '@parley/runtime';
import { startTestApp, type TestApp } from '../support/test-app';
import { seedHandedOffConversation } from './support/inbox-fixtures';

const blank = { schemaVersion: 1, triggers: [], nodes: [], edges: [], variables: [], notes: [] };

/** A small valid flow: keyword "hi" → a message → end. */
function helloFlow(text = 'Hello!', keyword = 'hi') {
  return {
    schemaVersion: 1,
    triggers: [{ id: 't1', kind: 'keyword', startNodeId: 'a', keywords: [{ value: keyword, mode: 'whole-word' }] }],
    nodes: [
      { id: 'a', type: 'send-message', position: { x: 0, y: 0 }, config: { text } },
      { id: 'b', type: 'end', position: { x: 0, y: 120 }, config: {} },
    ],
    edges: [{ id: 'e1', source: 'a', sourceOutput: 'next', target: 'b' }],
    variables: [],
    notes: [],
  };
}

describe('flows API', () => {
  let t: TestApp;
  let auth: { Authorization: string };
  const api = () => request(t.server);

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    await t.reset();
    const owner = await t.seedUser({ email: 'ed@example.com', workspaces: ['Acme'] });
    auth = { Authorization: `Bearer ${(await t.login(owner.email, owner.password)).token}` };
  });

  async function createFlow(name = 'Hello', document: object = helloFlow()) {
    const created = await api().post('/api/flows').set(auth).send({ name }).expect(201);
    if (document !== blank) await api().put(`/api/flows/${created.body.id}/draft`).set(auth).send({ revision: 1, document }).expect(200);
    return created.body.id as string;
  }

  describe('drafts', () => {
    it('creates a blank flow at revision 1 with status draft, and lists it', async () => {
      const res = await api().post('/api/flows').set(auth).send({ name: 'Welcome' }).expect(201);
      expect(res.body).toMatchObject({ name: 'Welcome', status: 'draft', draft: { revision: 1, document: blank } });
      expect(res.body.draft.issues).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'no-trigger', severity: 'error' })]));
      const list = await api().get('/api/flows').set(auth).expect(200);
      expect(list.body.items.map((f: { name: string }) => f.name)).toEqual(['Welcome']);
    });

    it('saves a draft from the current revision and stores its validation issues; invalid drafts are kept', async () => {
      const id = await createFlow('Broken', blank);
      const broken = { ...helloFlow(), edges: [{ id: 'e1', source: 'a', sourceOutput: 'nope', target: 'b' }] };
      const saved = await api().put(`/api/flows/${id}/draft`).set(auth).send({ revision: 1, document: broken }).expect(200);
      expect(saved.body.revision).toBe(2);
      expect(saved.body.issues).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'edge-unknown-output', edgeId: 'e1' })]));
      const got = await api().get(`/api/flows/${id}`).set(auth).expect(200);
      expect(got.body.draft).toMatchObject({ revision: 2, document: broken, savedBy: 'ed@example.com' });
    });

    it('answers a save from a stale revision with 409, the current revision and document', async () => {
      const id = await createFlow('Race', blank);
      await api().put(`/api/flows/${id}/draft`).set(auth).send({ revision: 1, document: helloFlow('mine') }).expect(200);
      const stale = await api().put(`/api/flows/${id}/draft`).set(auth).send({ revision: 1, document: helloFlow('theirs') });
      expect(stale.status).toBe(409);
      expect(stale.body.code).toBe('REVISION_CONFLICT');
      expect(stale.body.details.currentRevision).toBe(2);
      expect(stale.body.details.document.nodes[0].config.text).toBe('mine');
    });

    it('100 concurrent saves from the same revision: exactly one 200 and 99 409s', async () => {
      const id = await createFlow('Crowd', blank);
      const results = await Promise.all(
        Array.from({ length: 100 }, (_, i) => api().put(`/api/flows/${id}/draft`).set(auth).send({ revision: 1, document: helloFlow(`save ${i}`) })),
      );
      const statuses = results.map((r) => r.status);
      expect(statuses.filter((s) => s === 200)).toHaveLength(1);
      expect(statuses.filter((s) => s === 409)).toHaveLength(99);
      const winner = results.find((r) => r.status === 200)!;
      const got = await api().get(`/api/flows/${id}`).set(auth);
      expect(got.body.draft.revision).toBe(2);
      expect(winner.body.revision).toBe(2);
      const [{ count }] = await t.db.query(`SELECT count(*)::int AS count FROM flow_draft_revisions WHERE flow_id = $1`, [id]);
      expect(count).toBe(2);
    });

    it('refuses a flow over 20,000 steps with 413 and a clear message', async () => {
      const id = await createFlow('Huge', blank);
      const nodes = Array.from({ length: 20_001 }, (_, i) => ({ id: `n${i}`, type: 'end', position: { x: 0, y: 0 }, config: {} }));
      const res = await api().put(`/api/flows/${id}/draft`).set(auth).send({ revision: 1, document: { ...blank, nodes } });
      expect(res.status).toBe(413);
      expect(res.body).toMatchObject({ code: 'FLOW_TOO_LARGE', message: 'This flow has 20001 steps; the limit is 20000.' });
    });

    it('accepts flow bodies over 1 MB (up to 10 MB) but not other bodies', async () => {
      const id = await createFlow('Big', blank);
      const long = helloFlow('x'.repeat(10));
      (long as { notes: unknown[] }).notes = Array.from({ length: 300 }, (_, i) => ({ id: `s${i}`, text: 'y'.repeat(4000), position: { x: 0, y: 0 } }));
      const res = await api().put(`/api/flows/${id}/draft`).set(auth).send({ revision: 1, document: long });
      expect(res.status).toBe(200);
      const tooBig = await api().post('/api/workspaces').set(auth).send({ name: 'n', padding: 'z'.repeat(1_200_000) });
      expect(tooBig.status).toBe(413);
    });

    it('renames, duplicates, searches, archives and deletes', async () => {
      const id = await createFlow('Spring sale');
      await api().patch(`/api/flows/${id}`).set(auth).send({ name: 'Summer sale' }).expect(200);
      const copy = await api().post(`/api/flows/${id}/duplicate`).set(auth).send({}).expect(201);
      expect(copy.body).toMatchObject({ name: 'Summer sale (copy)', status: 'draft' });
      expect(copy.body.draft.document).toEqual(helloFlow());
      await createFlow('Other');
      const found = await api().get('/api/flows?search=summer').set(auth);
      expect(found.body.items.map((f: { name: string }) => f.name).sort()).toEqual(['Summer sale', 'Summer sale (copy)']);
      const percent = await api().get('/api/flows?search=%25').set(auth);
      expect(percent.body.items).toEqual([]);

      expect((await api().delete(`/api/flows/${id}`).set(auth)).status).toBe(409);
      await api().post(`/api/flows/${id}/archive`).set(auth).expect(200);
      expect((await api().get('/api/flows').set(auth)).body.items).toHaveLength(2);
      expect((await api().get('/api/flows?archived=true').set(auth)).body.items.map((f: { id: string }) => f.id)).toEqual([id]);
      await api().delete(`/api/flows/${id}`).set(auth).expect(204);
      expect((await api().get(`/api/flows/${id}`).set(auth)).status).toBe(404);
    });
  });

  describe('publishing and versions', () => {
    it('blocks publishing with 422 and the list of errors', async () => {
      const id = await createFlow('Broken', { ...helloFlow(), edges: [{ id: 'e1', source: 'a', sourceOutput: 'next', target: 'missing' }] });
      const res = await api().post(`/api/flows/${id}/publish`).set(auth).send({ notes: 'try' });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('FLOW_INVALID');
      expect(res.body.details.issues).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'edge-missing-target', edgeId: 'e1', severity: 'error' })]));
      expect((await api().get(`/api/flows/${id}/versions`).set(auth)).body).toEqual([]);
    });

    it('publishes version 1, then nothing for identical content, then version 2 with changes; statuses follow', async () => {
      const id = await createFlow();
      const v1 = await api().post(`/api/flows/${id}/publish`).set(auth).send({ notes: 'first' }).expect(201);
      expect(v1.body.version.number).toBe(1);
      expect((await api().get(`/api/flows/${id}`).set(auth)).body.status).toBe('live');

      const again = await api().post(`/api/flows/${id}/publish`).set(auth).send({}).expect(200);
      expect(again.body).toMatchObject({ unchanged: true, version: { number: 1 } });

      await api().put(`/api/flows/${id}/draft`).set(auth).send({ revision: 2, document: helloFlow('Hello again!') }).expect(200);
      expect((await api().get(`/api/flows/${id}`).set(auth)).body.status).toBe('live-with-changes');
      const v2 = await api().post(`/api/flows/${id}/publish`).set(auth).send({ notes: 'new text' }).expect(201);
      expect(v2.body.version.number).toBe(2);

      const versions = await api().get(`/api/flows/${id}/versions`).set(auth).expect(200);
      expect(versions.body.map((v: { number: number; notes: string; isLive: boolean; publishedBy: string }) => [v.number, v.notes, v.isLive, v.publishedBy])).toEqual([
        [2, 'new text', true, 'ed@example.com'],
        [1, 'first', false, 'ed@example.com'],
      ]);
      const one = await api().get(`/api/flows/${id}/versions/1`).set(auth).expect(200);
      expect(one.body.document.nodes[0].config.text).toBe('Hello!');
      expect(one.body.contentHash).toMatch(/^[0-9a-f]{64}$/);
    });

    it('refuses any change to a published version at the database level', async () => {
      const id = await createFlow();
      await api().post(`/api/flows/${id}/publish`).set(auth).send({}).expect(201);
      await expect(t.db.query(`UPDATE flow_versions SET notes = 'rewritten' WHERE flow_id = $1`, [id])).rejects.toThrow(/immutable/);
    });

    it('diffs two versions, and a version with the draft', async () => {
      const id = await createFlow();
      await api().post(`/api/flows/${id}/publish`).set(auth).send({}).expect(201);
      const changed = helloFlow('Changed');
      changed.nodes.push({ id: 'c', type: 'end', position: { x: 9, y: 9 }, config: {} });
      await api().put(`/api/flows/${id}/draft`).set(auth).send({ revision: 2, document: changed }).expect(200);
      const diff = await api().get(`/api/flows/${id}/diff?from=1&to=draft`).set(auth).expect(200);
      expect(diff.body.nodes.changed).toEqual([{ id: 'a', fields: ['config.text'] }]);
      expect(diff.body.nodes.added).toEqual(['c']);
      await api().post(`/api/flows/${id}/publish`).set(auth).send({}).expect(201);
      const versions = await api().get(`/api/flows/${id}/diff?from=1&to=2`).set(auth).expect(200);
      expect(versions.body.nodes.added).toEqual(['c']);
      expect((await api().get(`/api/flows/${id}/diff?from=1&to=9`).set(auth)).status).toBe(404);
      expect((await api().get(`/api/flows/${id}/diff?from=1&to=drop table`).set(auth)).status).toBe(400);
    });

    it('rolls back by publishing an earlier version as a new one, keeping history linear', async () => {
      const id = await createFlow();
      await api().post(`/api/flows/${id}/publish`).set(auth).send({}).expect(201);
      await api().put(`/api/flows/${id}/draft`).set(auth).send({ revision: 2, document: helloFlow('v2') }).expect(200);
      await api().post(`/api/flows/${id}/publish`).set(auth).send({}).expect(201);
      const rolled = await api().post(`/api/flows/${id}/rollback`).set(auth).send({ versionNumber: 1 }).expect(201);
      expect(rolled.body.version.number).toBe(3);
      const v3 = await api().get(`/api/flows/${id}/versions/3`).set(auth);
      expect(v3.body).toMatchObject({ kind: 'rollback', rolledBackTo: 1, isLive: true, notes: 'Rolled back to version 1' });
      expect(v3.body.document.nodes[0].config.text).toBe('Hello!');
      // The draft is untouched by a rollback, and now differs from the live version.
      expect((await api().get(`/api/flows/${id}`).set(auth)).body.status).toBe('live-with-changes');
      expect((await api().post(`/api/flows/${id}/rollback`).set(auth).send({ versionNumber: 7 })).status).toBe(404);
    });

    it('restores a version into the draft', async () => {
      const id = await createFlow();
      await api().post(`/api/flows/${id}/publish`).set(auth).send({}).expect(201);
      await api().put(`/api/flows/${id}/draft`).set(auth).send({ revision: 2, document: helloFlow('scrap this') }).expect(200);
      const restored = await api().post(`/api/flows/${id}/versions/1/restore`).set(auth).expect(200);
      expect(restored.body.draft.revision).toBe(4);
      expect(restored.body.draft.document.nodes[0].config.text).toBe('Hello!');
      expect(restored.body.status).toBe('live');
    });

    it('keeps conversations on their version, or moves those waiting at a surviving step when asked', async () => {
      const id = await createFlow();
      const v1 = await api().post(`/api/flows/${id}/publish`).set(auth).send({}).expect(201);
      const [{ workspace_id: workspaceId }] = await t.db.query(`SELECT workspace_id FROM flows WHERE id = $1`, [id]);
      const stays = await seedHandedOffConversation(t, workspaceId);
      const moves = await seedHandedOffConversation(t, workspaceId);
      const pin = (conversationId: string, node: string) =>
        t.db.query(`UPDATE conversations SET status = 'waiting', flow_id = $2, flow_version_id = $3, current_node_id = $4 WHERE id = $1`, [conversationId, id, v1.body.version.id, node]);
      await pin(stays.conversationId, 'b'); // 'b' becomes a different step type in v2
      await pin(moves.conversationId, 'a');
      const next = helloFlow('v2');
      next.nodes[1] = { id: 'b', type: 'send-message', position: { x: 0, y: 120 }, config: { text: 'no longer an end' } };
      next.nodes.push({ id: 'c', type: 'end', position: { x: 0, y: 240 }, config: {} });
      next.edges.push({ id: 'e2', source: 'b', sourceOutput: 'next', target: 'c' });
      await api().put(`/api/flows/${id}/draft`).set(auth).send({ revision: 2, document: next }).expect(200);
      const v2 = await api().post(`/api/flows/${id}/publish`).set(auth).send({ migrateWaitingConversations: true }).expect(201);
      expect(v2.body.movedConversations).toBe(1);
      const rows = await t.db.query(`SELECT id, flow_version_id FROM conversations`);
      const versionOf = Object.fromEntries(rows.map((r: { id: string; flow_version_id: string }) => [r.id, r.flow_version_id]));
      expect(versionOf[moves.conversationId]).toBe(v2.body.version.id);
      expect(versionOf[stays.conversationId]).toBe(v1.body.version.id);
    });

    it('keeps the live trigger index in step and reports keyword conflicts between live flows', async () => {
      const a = await createFlow('A', helloFlow('from A', 'Promo'));
      await api().post(`/api/flows/${a}/publish`).set(auth).send({}).expect(201);
      const b = await createFlow('B', helloFlow('from B', 'promo'));
      const published = await api().post(`/api/flows/${b}/publish`).set(auth).send({}).expect(201);
      expect(published.body.conflicts).toEqual([expect.objectContaining({ triggerId: 't1', keyword: 'promo', otherFlowId: a, otherFlowName: 'A' })]);
      const rows = await t.db.query(`SELECT flow_id, keywords FROM live_triggers ORDER BY flow_id`);
      expect(rows).toHaveLength(2);
      expect(rows.every((r: { keywords: string[] }) => r.keywords.join() === 'promo')).toBe(true);
      await api().post(`/api/flows/${a}/archive`).set(auth).expect(200);
      expect(await t.db.query(`SELECT flow_id FROM live_triggers`)).toEqual([{ flow_id: b }]);
      await api().post(`/api/flows/${a}/unarchive`).set(auth).expect(200);
      expect(await t.db.query(`SELECT flow_id FROM live_triggers`)).toHaveLength(2);
    });

    it('records who created, saved, published, rolled back and deleted in the audit log', async () => {
      const id = await createFlow();
      await api().post(`/api/flows/${id}/publish`).set(auth).send({}).expect(201);
      await api().put(`/api/flows/${id}/draft`).set(auth).send({ revision: 2, document: helloFlow('v2') }).expect(200);
      await api().post(`/api/flows/${id}/publish`).set(auth).send({}).expect(201);
      await api().post(`/api/flows/${id}/rollback`).set(auth).send({ versionNumber: 1 }).expect(201);
      await api().post(`/api/flows/${id}/archive`).set(auth).expect(200);
      await api().delete(`/api/flows/${id}`).set(auth).expect(204);
      const log = await api().get('/api/workspace/audit-log').set(auth).expect(200);
      expect(log.body.map((e: { action: string }) => e.action).reverse()).toEqual([
        'flow.created',
        'flow.draft-saved',
        'flow.published',
        'flow.draft-saved',
        'flow.published',
        'flow.rolled-back',
        'flow.archived',
        'flow.deleted',
      ]);
    });
  });

  describe('templates, import and export', () => {
    it('lists the five starter templates; each creates a flow that publishes', async () => {
      const templates = await api().get('/api/flows/templates').set(auth).expect(200);
      expect(templates.body.map((t: { key: string }) => t.key)).toEqual(starterFlows.map((f) => f.key));
      expect(templates.body).toHaveLength(5);
      for (const template of templates.body) {
        const flow = await api().post('/api/flows').set(auth).send({ name: template.name, templateKey: template.key }).expect(201);
        expect(flow.body.draft.issues.filter((i: { severity: string }) => i.severity === 'error')).toEqual([]);
        const published = await api().post(`/api/flows/${flow.body.id}/publish`).set(auth).send({});
        expect(published.status).toBe(201);
      }
      expect((await api().post('/api/flows').set(auth).send({ name: 'x', templateKey: 'nope' })).status).toBe(400);
    });

    it('round-trips export → import losslessly, with fresh ids', async () => {
      const source = await api().post('/api/flows').set(auth).send({ name: 'Support', templateKey: 'support-handoff' }).expect(201);
      const exported = await api().get(`/api/flows/${source.body.id}/export`).set(auth).expect(200);
      expect(exported.body).toMatchObject({ schemaVersion: 1, name: 'Support' });
      const imported = await api().post('/api/flows/import').set(auth).send({ document: exported.body }).expect(201);
      expect(imported.body.name).toBe('Support');
      const original = exported.body.document;
      const copy = imported.body.draft.document;
      const oldIds = new Set(original.nodes.map((n: { id: string }) => n.id));
      expect(copy.nodes.some((n: { id: string }) => oldIds.has(n.id))).toBe(false);
      // Map the new ids back by position in the list: everything else is identical.
      const back = new Map<string, string>(copy.nodes.map((n: { id: string }, i: number) => [n.id, original.nodes[i].id]));
      const restore = (id: string) => back.get(id) ?? id;
      expect(copy.nodes.map((n: { id: string }) => ({ ...n, id: restore(n.id) }))).toEqual(original.nodes);
      expect(copy.edges.map((e: { source: string; target: string; sourceOutput: string }) => [restore(e.source), e.sourceOutput, restore(e.target)])).toEqual(
        original.edges.map((e: { source: string; target: string; sourceOutput: string }) => [e.source, e.sourceOutput, e.target]),
      );
      expect(copy.triggers.map((tr: { startNodeId: string; id: string }) => ({ ...tr, id: undefined, startNodeId: restore(tr.startNodeId) }))).toEqual(
        original.triggers.map((tr: { id: string }) => ({ ...tr, id: undefined })),
      );
      expect(copy.variables).toEqual(original.variables);
      expect(imported.body.draft.issues.filter((i: { severity: string }) => i.severity === 'error')).toEqual([]);
    });

    it('rejects a document that is not a flow with 400', async () => {
      for (const document of [{ schemaVersion: 99, nodes: [] }, { nodes: 'nope' }]) {
        const res = await api().post('/api/flows/import').set(auth).send({ document });
        expect(res.status).toBe(400);
        expect(res.body.code).toBe('FLOW_DOCUMENT_INVALID');
      }
      expect((await api().post('/api/flows/import').set(auth).send({ document: 'text' })).status).toBe(400);
    });
  });
});
