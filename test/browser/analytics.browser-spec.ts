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

/** Polls a read of the page until `done` holds (the funnel refetches after each change). */
async function waitForText<T>(read: () => Promise<T>, done: (value: T) => boolean, ms = 5000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > until) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

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

    await panel.getByLabel('Step 1', { exact: true }).selectOption('hi');
    await panel.getByLabel('Step 2', { exact: true }).selectOption('thanks');
    const bars = panel.locator('.analytics-funnel li');
    await expect(bars.nth(1).innerText()).resolves.toMatch(/5 \(50%\)/);
    await expect(panel.getByRole('button', { name: 'Remove step 1' }).isDisabled()).resolves.toBe(true);

    // A third step, by keyboard: add it (focus lands on its picker), pick A's pitch, move it up between hi and thanks.
    // The focused control's name: its aria-label, or the text of its <label>.
    const focused = () =>
      page.evaluate<string | null>(`(() => { const el = document.activeElement; return el?.getAttribute('aria-label') ?? (el?.id ? document.querySelector('label[for="' + CSS.escape(el.id) + '"]')?.textContent : null) ?? null; })()`);
    await panel.getByRole('button', { name: 'Add step' }).focus();
    await page.keyboard.press('Enter');
    await expect(focused()).resolves.toBe('Step 3');
    await panel.getByLabel('Step 3', { exact: true }).selectOption('a');
    await panel.getByRole('button', { name: 'Move step 3 up' }).focus();
    await page.keyboard.press('Enter');
    await expect(focused()).resolves.toBe('Move step 2 up');
    // hi 10 → A 5 (50% of hi) → thanks 4 (80% of A); overall 40%.
    const values = () => panel.locator('.analytics-funnel .analytics-bar-value').allInnerTexts();
    await expect(waitForText(values, (v) => v.length === 3 && v[2] === '4 (80%)')).resolves.toEqual(['10', '5 (50%)', '4 (80%)']);
    await expect(panel.locator('.analytics-funnel-overall').innerText()).resolves.toMatch(/^Overall: 40% of 10 reached /);
    await expect(panel.getByRole('button', { name: 'Move step 1 up' }).isDisabled()).resolves.toBe(true);
    await expect(panel.getByRole('button', { name: 'Move step 3 down' }).isDisabled()).resolves.toBe(true);

    // A step picked twice is refused before asking the API; removing the first step leaves A → thanks.
    await panel.getByLabel('Step 3', { exact: true }).selectOption('hi');
    await panel.getByText('Each step can appear only once.').waitFor();
    await panel.getByLabel('Step 3', { exact: true }).selectOption('thanks');
    await panel.getByRole('button', { name: 'Remove step 1' }).click();
    await expect(waitForText(values, (v) => v.length === 2)).resolves.toEqual(['5', '4 (80%)']);

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
