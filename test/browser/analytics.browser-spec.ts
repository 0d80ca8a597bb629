import request from 'supertest';
import { logIn, saveScreenshot, useStudio } from './support/browser';

const node = (id: string, type: string, x: number, config: Record<string, unknown>) => ({ id, type, position: { x, y: 0 }, config });

/** hi → split (A/B) → a (short) / b (long) → thanks: counters are seeded as the runtime host writes them. */
const document = {
  schemaVersion: 1,
  triggers: [{ id: 't', kind: 'keyword', keywords: [{ value: 'deal', mode: 'is' }], startNodeId: 'hi', enabled: true, priority: 0 }],
  nodes: [
    node('hi', 'send-message', 0, { text: 'Hi there' }),
    node('split', 'randomizer', 400, { branches: [{ id: 'a', label: 'Short', weight: 50 }, { id: 'b', label: 'Long', weight: 50 }], sticky: true }),
    node('a', 'send-message', 800, { text: 'Short pitch' }),
    node('b', 'send-message', 800, { text: 'Long pitch' }),
    node('thanks', 'send-message', 1200, { text: 'Thanks' }),
  ],
  edges: [
    { id: 'e1', source: 'hi', sourceOutput: 'next', target: 'split' },
    { id: 'e2', source: 'split', sourceOutput: 'branch:a', target: 'a' },
    { id: 'e3', source: 'split', sourceOutput: 'branch:b', target: 'b' },
    { id: 'e4', source: 'a', sourceOutput: 'next', target: 'thanks' },
    { id: 'e5', source: 'b', sourceOutput: 'next', target: 'thanks' },
  ],
};

describe('flow analytics on the canvas', () => {
  const studio = useStudio();

  it('shows totals, counts on steps and edges, a funnel and the A/B result for the chosen period', async () => {
    const { app } = studio;
    const owner = await app.seedUser({ email: 'marketer@example.com', workspaces: ['Shop'] });
    const workspaceId = owner.workspaces.Shop;
    const auth = { Authorization: `Bearer ${(await app.login(owner.email, owner.password)).token}` };
    const flowId = (await request(app.server).post('/api/flows').set(auth).send({ name: 'Deal' }).expect(201)).body.id as string;
    await request(app.server).put(`/api/flows/${flowId}/draft`).set(auth).send({ revision: 1, document }).expect(200);
    await request(app.server).post(`/api/flows/${flowId}/publish`).set(auth).send({}).expect(201);
    const [{ id: versionId }] = await app.db.query(`SELECT id FROM flow_versions WHERE flow_id = $1`, [flowId]);
    const connectionId = (await request(app.server).post('/api/webchat/connection').set(auth).expect(201)).body.connectionId;

    // 10 conversations: all see hi and split; even ones take A (4 of 5 reach thanks), odd ones B (1 of 5).
    await app.db.query(`INSERT INTO contacts (workspace_id, connection_id, external_id) SELECT $1, $2, 'v' || g FROM generate_series(1, 10) g`, [workspaceId, connectionId]);
    await app.db.query(`INSERT INTO conversations (workspace_id, connection_id, contact_id) SELECT workspace_id, connection_id, id FROM contacts WHERE connection_id = $1`, [connectionId]);
    const conversations: string[] = (await app.db.query(`SELECT id FROM conversations ORDER BY id`)).map((r: { id: string }) => r.id);
    const reach: Array<[string, string, string]> = [];
    conversations.forEach((c, i) => {
      const branch = i % 2 === 0 ? 'a' : 'b';
      reach.push([c, 'hi', ''], [c, 'split', ''], [c, 'split', `branch:${branch}`], [c, branch, '']);
      if ((branch === 'a' && i < 8) || i === 1) reach.push([c, 'thanks', '']);
    });
    await app.db.query(
      `INSERT INTO conversation_node_reach (workspace_id, flow_id, flow_version_id, conversation_id, node_id, output, first_at)
       SELECT $1, $2, $3, r.c, r.n, r.o, now() - interval '10 minutes' + r.i * interval '1 second'
         FROM ROWS FROM (jsonb_to_recordset($4::jsonb) AS (c uuid, n text, o text)) WITH ORDINALITY AS r(c, n, o, i)`,
      [workspaceId, flowId, versionId, JSON.stringify(reach.map(([c, n, o]) => ({ c, n, o })))],
    );
    const counters: Array<[string, string, string, number]> = [
      ['', 'started', '', 10], ['', 'completed', '', 5], ['', 'dropped', '', 2],
      ['hi', 'entered', '', 10], ['hi', 'took', 'next', 10], ['hi', 'sent', '', 10], ['hi', 'delivered', '', 9], ['hi', 'read', '', 7],
      ['split', 'entered', '', 10], ['split', 'took', 'branch:a', 5], ['split', 'took', 'branch:b', 5],
      ['a', 'entered', '', 5], ['a', 'took', 'next', 4], ['b', 'entered', '', 5], ['b', 'took', 'next', 1], ['thanks', 'entered', '', 5], ['thanks', 'took', 'next', 5],
    ];
    await app.db.query(
      `INSERT INTO flow_stat_deltas (workspace_id, flow_id, flow_version_id, bucket, node_id, metric, output, count)
       SELECT $1, $2, $3, date_trunc('hour', now() - interval '10 minutes'), r.n, r.m, r.o, r.k FROM jsonb_to_recordset($4::jsonb) AS r(n text, m text, o text, k int)`,
      [workspaceId, flowId, versionId, JSON.stringify(counters.map(([n, m, o, k]) => ({ n, m, o, k })))],
    );

    const page = await studio.newPage();
    await logIn(page, app.baseUrl, owner.email, owner.password);
    await page.goto(`${app.baseUrl}/flows/${flowId}`);
    await page.getByRole('button', { name: 'Analytics' }).click();
    const panel = page.getByRole('region', { name: 'Flow analytics' });
    await panel.getByText('Started').waitFor();
    await expect(panel.locator('.analytics-totals').innerText()).resolves.toMatch(/Started\s+10\s+Completed\s+5\s+Dropped\s+2/);

    await expect(page.locator('[data-node-id="hi"]').innerText()).resolves.toMatch(/10 entered[\s\S]*10 sent · 9 delivered · 7 read/);
    await expect(page.locator('[data-node-id="b"]').innerText()).resolves.toContain('80% stopped here');
    await expect(page.locator('[data-edge-id="e2"]').innerText()).resolves.toBe('5');
    await expect(page.locator('[data-edge-id="e5"]').innerText()).resolves.toBe('1');

    await panel.getByLabel('From step', { exact: true }).selectOption('hi');
    await panel.getByLabel('To step', { exact: true }).selectOption('thanks');
    await expect(panel.locator('.analytics-funnel li').nth(1).innerText()).resolves.toMatch(/5 \(50%\)/);

    await panel.getByLabel('Randomizer', { exact: true }).selectOption('split');
    await panel.getByLabel('Goal step', { exact: true }).selectOption('thanks');
    const rows = panel.locator('.analytics-ab tbody tr');
    await rows.first().waitFor();
    // 4/5 against 1/5: z ≈ 1.90, p ≈ 0.058 → 94% confidence that Long converts differently from Short.
    expect(await rows.allInnerTexts()).toEqual(['Short\t5\t4\t80%\t–', 'Long\t5\t1\t20%\t94%']);
    await saveScreenshot(page, 'analytics-overlay');

    // All this traffic ran version 1: picking it keeps every number.
    await panel.getByLabel('Version', { exact: true }).selectOption('1');
    await expect(panel.locator('.analytics-totals').innerText()).resolves.toMatch(/Started\s+10/);
  });
});
