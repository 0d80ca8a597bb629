import { readFile } from 'node:fs/promises';
import type { Browser, Locator, Page } from 'playwright-core';
import { startTestApp } from '../support/test-app';
import { launchBrowser, logIn, openPage, saveScreenshot } from './support/browser';

type TestApp = Awaited<ReturnType<typeof startTestApp>>;

describe('flow editor', () => {
  let app: TestApp;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    app = await startTestApp();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  beforeEach(async () => {
    page = await openPage(browser);
  });

  afterEach(async () => {
    await page?.context().close();
  });

  async function createFlow(email: string, name: string): Promise<string> {
    await app.seedUser({ email, password: 'correct horse battery', workspaces: [`${email} brand`] });
    await logIn(page, app.baseUrl, email, 'correct horse battery');
    await page.getByRole('button', { name: 'New flow' }).click();
    await page.getByLabel('Flow name').fill(name);
    await page.getByRole('button', { name: 'Create flow' }).click();
    await page.getByRole('heading', { name }).waitFor();
    return new URL(page.url()).pathname;
  }

  const nodes = () => page.locator('.react-flow__node');
  const edges = () => page.locator('.react-flow__edge');
  const palette = (label: string) => page.getByRole('navigation', { name: 'Add a node' }).getByRole('button', { name: label, exact: true });

  it('builds a flow from the palette and inspector, undoes and redoes, and keeps it after a reload', async () => {
    const path = await createFlow('builder@example.com', 'Lead capture');

    await palette('Ask a question').click();
    const inspector = page.getByRole('complementary', { name: 'Inspector' });
    await inspector.getByRole('heading', { name: 'Ask a question' }).waitFor();
    // With the question selected, the next node is linked from its first free output ("answered"): a condition,
    // then the message from the condition's first rule group.
    await palette('Condition').click();
    await inspector.getByRole('heading', { name: 'Condition' }).waitFor();
    await inspector.getByLabel('Check').selectOption('variable');
    await inspector.getByLabel('Field', { exact: true }).fill('email');
    await inspector.getByLabel('Operator').selectOption('ends-with');
    await inspector.getByLabel('Value', { exact: true }).fill('@example.com');
    await nodes().filter({ hasText: 'Condition' }).getByText(/email/).first().waitFor();
    await palette('Send message').click();
    await waitForCount(edges(), 2);

    await page.getByRole('textbox', { name: 'Message' }).fill('Thanks! We will email you at {{vars.email}}.');
    const message = nodes().filter({ hasText: 'Send message' });
    await message.getByText('Thanks! We will email you').waitFor();

    await page.getByRole('button', { name: 'Undo' }).click();
    await message.getByText('Hi {{contact.first_name').waitFor();
    await page.getByRole('button', { name: 'Redo' }).click();
    await message.getByText('Thanks! We will email you').waitFor();

    // Drop the selection, add an End node, and wire the question's "invalid" output to it by hand.
    await clickEmptyCanvas();
    await palette('End').click();
    await waitForCount(nodes(), 4);
    await dragConnection(nodes().filter({ hasText: 'Ask a question' }).locator('[data-handleid="invalid"]'), nodes().filter({ hasText: 'End of conversation' }));
    await waitForCount(edges(), 3);

    // A keyword trigger starts the flow at the question: drawn as an entry card linked to it.
    await nodes().filter({ hasText: 'Ask a question' }).click();
    await page.getByRole('button', { name: '+ Trigger' }).click();
    await page.locator('.trigger-card').waitFor();
    await page.getByRole('textbox', { name: 'Keyword' }).fill('price');
    await page.locator('.trigger-card').getByText('“price”').waitFor();
    await waitForCount(edges(), 4);

    await page.getByText('All changes saved').waitFor();
    await saveScreenshot(page, 'flow-editor');

    await page.goto(`${app.baseUrl}${path}`);
    await waitForCount(nodes(), 5);
    await waitForCount(edges(), 4);
    await page.locator('.trigger-card').getByText('“price”').waitFor();
    await nodes().getByText('Thanks! We will email you').waitFor();

    // Chat with the draft through the server (web chat channel): its runtime answers, an invalid email is asked
    // again, the step the contact is at lights up, and the variables follow.
    await page.getByRole('button', { name: 'Preview', exact: true }).click();
    const preview = page.getByRole('complementary', { name: 'Preview' });
    await preview.getByText('Ready · webchat').waitFor();
    const say = async (text: string) => {
      await preview.getByLabel('Message as the contact').fill(text);
      await preview.getByRole('button', { name: 'Send' }).click();
    };
    await say('hello');
    await preview.getByText('No trigger of this flow matches that message.').waitFor();
    await say('what is the price?');
    await preview.getByText('What is your email?').waitFor();
    await nodes().filter({ hasText: 'Ask a question' }).locator('.is-preview-current').waitFor();
    await say('not an email');
    await preview.getByText("Sorry, I didn't get that. What is your email?").waitFor();
    await say('ana@example.com');
    await preview.getByText('Thanks! We will email you at ana@example.com.').waitFor();
    await preview.getByText('The conversation ended.').waitFor();
    await preview.locator('.preview-variables').getByText('ana@example.com').waitFor();
    await waitForCount(page.locator('.is-preview-current'), 0);
    await saveScreenshot(page, 'flow-editor-preview');
    await preview.getByRole('button', { name: 'Close' }).click();

    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    const publish = page.getByRole('dialog', { name: 'Publish this flow' });
    await publish.getByLabel('What changed (optional)').fill('First version');
    await saveScreenshot(page, 'flow-editor-publish');
    await publish.getByRole('button', { name: 'Publish', exact: true }).click();
    await page.getByText('Version 1 is live').waitFor();

    // Change a step after publishing: the version diff highlights it on the canvas.
    await nodes().filter({ hasText: 'Send message' }).click();
    await page.getByRole('textbox', { name: 'Message' }).fill('Thanks! Check your inbox.');
    await page.getByText('All changes saved').waitFor();
    await page.getByRole('button', { name: 'History' }).click();
    const history = page.getByRole('complementary', { name: 'Version history' });
    await history.getByText('First version').waitFor();
    await history.getByRole('button', { name: 'Show changes' }).click();
    await history.getByText('1 step changed').waitFor();
    await nodes().filter({ hasText: 'Send message' }).locator('.diff-badge-changed').waitFor();
    await saveScreenshot(page, 'flow-editor-history');

    await page.getByRole('link', { name: '← Flows' }).click();
    const row = page.getByRole('row', { name: /Lead capture/ });
    await row.getByText('Live · unpublished changes').waitFor();
    await saveScreenshot(page, 'flows-list');
  });

  it('shows a conflict when the draft was saved in another tab, and reloads theirs on request', async () => {
    const path = await createFlow('two-tabs@example.com', 'Shared flow');
    const otherTab = await page.context().newPage();
    await otherTab.goto(`${app.baseUrl}${path}`);
    await otherTab.getByRole('heading', { name: 'Shared flow' }).waitFor();

    await otherTab.getByRole('navigation', { name: 'Add a node' }).getByRole('button', { name: 'Delay', exact: true }).click();
    await otherTab.getByText('All changes saved').waitFor();
    await otherTab.waitForFunction(() => document.querySelectorAll('.react-flow__node').length === 1);

    await palette('Send message').click();
    const dialog = page.getByRole('dialog', { name: 'This flow was changed elsewhere' });
    await dialog.waitFor();
    await saveScreenshot(page, 'flow-editor-conflict');

    await dialog.getByRole('button', { name: 'Reload theirs' }).click();
    await nodes().filter({ hasText: 'Delay' }).waitFor();
    await waitForCount(nodes(), 1);
    await otherTab.close();
  });

  it('copies steps from one flow and pastes them into another, then tidies the layout', async () => {
    const first = await createFlow('copier@example.com', 'Source flow');
    await palette('Ask a question').click();
    await palette('Send message').click();
    await waitForCount(edges(), 1);
    await page.getByText('All changes saved').waitFor();

    // Select both steps (Ctrl-click), copy, open another flow, paste.
    await nodes().filter({ hasText: 'Ask a question' }).click();
    await nodes().filter({ hasText: 'Send message' }).click({ modifiers: ['Control'] });
    await page.keyboard.press('Control+C');

    await page.getByRole('link', { name: '← Flows' }).click();
    await page.getByRole('button', { name: 'New flow' }).click();
    await page.getByLabel('Flow name').fill('Target flow');
    await page.getByRole('button', { name: 'Create flow' }).click();
    await page.getByRole('heading', { name: 'Target flow' }).waitFor();
    expect(new URL(page.url()).pathname).not.toBe(first);
    await clickEmptyCanvas();
    await page.keyboard.press('Control+V');
    await waitForCount(nodes(), 2);
    await waitForCount(edges(), 1);

    // Dropping a connection on empty canvas offers the next step, added there and linked.
    const pane = await page.locator('.react-flow__pane').boundingBox();
    const handle = await nodes().filter({ hasText: 'Send message' }).locator('[data-handleid="next"]').boundingBox();
    if (!pane || !handle) throw new Error('canvas not on screen');
    await page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
    await page.mouse.down();
    await page.mouse.move(pane.x + pane.width / 2, pane.y + pane.height - 100, { steps: 10 });
    await page.mouse.up();
    await page.getByRole('menu', { name: 'Add the next step' }).getByRole('menuitem', { name: 'End', exact: true }).click();
    await waitForCount(nodes(), 3);
    await waitForCount(edges(), 2);

    // Ctrl+F finds steps by text or variable.
    await page.keyboard.press('Control+F');
    await page.getByRole('searchbox', { name: 'Search steps' }).fill('{{vars.email}}');
    await page.keyboard.press('Enter');
    await page.getByRole('search').getByText('1 of 1').waitFor();
    await nodes().filter({ hasText: 'Ask a question' }).locator('.is-search-match').waitFor();
    await page.keyboard.press('Escape');

    await page.getByRole('button', { name: 'Tidy up' }).click();
    await page.getByRole('button', { name: '+ Sticky note' }).click();
    await page.getByRole('textbox', { name: 'Sticky note' }).fill('Ask legal about the wording');
    await page.getByText('All changes saved').waitFor();
    await page.reload();
    await expectValue(page.getByRole('textbox', { name: 'Sticky note' }), 'Ask legal about the wording');
    await saveScreenshot(page, 'flow-editor-pasted');
  });

  it('exports and imports flows, draws removed steps in the diff, warns of trigger conflicts, and previews from a chosen step', async () => {
    await createFlow('porter@example.com', 'Porter');
    await palette('Send message').click();
    await page.getByRole('textbox', { name: 'Message' }).fill('Your code is {{vars.code}}.');
    await page.getByRole('button', { name: '+ Trigger' }).click();
    await page.getByRole('textbox', { name: 'Keyword' }).fill('price');
    await page.locator('.trigger-card').getByText('“price”').waitFor();
    await page.getByText('All changes saved').waitFor();

    // Export downloads the flow as a JSON file.
    await page.getByText('JSON', { exact: true }).click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export', exact: true }).click()]);
    expect(download.suggestedFilename()).toBe('porter.json');
    const exported = JSON.parse(await readFile((await download.path())!, 'utf8'));
    expect(exported).toMatchObject({ name: 'Porter', document: { nodes: [{ type: 'send-message', config: { text: 'Your code is {{vars.code}}.' } }] } });
    const file = { name: 'porter.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(exported)) };

    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    let publish = page.getByRole('dialog', { name: 'Publish this flow' });
    await publish.getByText('No trigger conflicts with other live flows.').waitFor();
    await publish.getByRole('button', { name: 'Publish', exact: true }).click();
    await page.getByText('Version 1 is live').waitFor();

    // Remove the step: comparing the live version with the draft draws it as a red ghost where it was.
    await nodes().filter({ hasText: 'Send message' }).click();
    await page.keyboard.press('Delete');
    await waitForCount(nodes().filter({ hasText: 'Your code is' }), 0);
    await page.getByText('All changes saved').waitFor();
    await page.getByRole('button', { name: 'History' }).click();
    const history = page.getByRole('complementary', { name: 'Version history' });
    await history.getByRole('button', { name: 'Show changes' }).click();
    await history.getByText('1 step removed').waitFor();
    await page.locator('.react-flow__node.diff-ghost').filter({ hasText: 'Your code is' }).locator('.diff-badge-removed').waitFor();
    await saveScreenshot(page, 'flow-editor-diff-removed');
    await history.getByRole('button', { name: 'Close' }).click();
    await waitForCount(page.locator('.react-flow__node.diff-ghost'), 0);

    // Import replaces the draft (one undo step); a file that is not JSON says so and changes nothing.
    const draftInput = page.getByLabel('Flow file to import into the draft');
    await draftInput.setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"nodes": [') });
    await page.getByText('“broken.json” is not valid JSON').waitFor();
    await draftInput.setInputFiles(file);
    await page.getByText('Imported “porter.json” into the draft.').waitFor();
    await nodes().filter({ hasText: 'Your code is' }).waitFor();
    await page.getByRole('button', { name: 'Undo' }).click();
    await waitForCount(nodes().filter({ hasText: 'Your code is' }), 0);
    await page.getByRole('button', { name: 'Redo' }).click();
    await nodes().filter({ hasText: 'Your code is' }).waitFor();
    await page.getByText('All changes saved').waitFor();

    // Preview from a chosen step with chosen variables, through the server.
    await page.getByRole('button', { name: 'Preview', exact: true }).click();
    const preview = page.getByRole('complementary', { name: 'Preview' });
    await preview.getByText('Start options').click();
    const stepId = exported.document.nodes[0].id as string;
    await preview.getByLabel('Start at').selectOption({ label: `Send message · ${stepId}` });
    await preview.getByLabel('Starting variables (JSON)').fill('{"code": "A1"');
    await preview.getByRole('button', { name: 'Restart' }).click();
    await preview.getByText('Starting variables are not valid JSON.').waitFor();
    await preview.getByLabel('Starting variables (JSON)').fill('{"code": "A1"}');
    await preview.getByRole('button', { name: 'Restart' }).click();
    await preview.getByText('Your code is A1.').waitFor();
    await saveScreenshot(page, 'flow-editor-preview-start-options');
    await preview.getByRole('button', { name: 'Close' }).click();

    // The flows list imports the file as a new flow; publishing it warns that "price" is taken by the live flow.
    await page.getByRole('link', { name: '← Flows' }).click();
    await page.getByLabel('Flow file to import', { exact: true }).setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('[1, 2]') });
    await page.getByText('“notes.json” does not hold a flow').waitFor();
    await page.getByLabel('Flow file to import', { exact: true }).setInputFiles(file);
    await page.getByRole('heading', { name: 'Porter' }).waitFor();
    await nodes().filter({ hasText: 'Your code is' }).waitFor();
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    publish = page.getByRole('dialog', { name: 'Publish this flow' });
    await publish.getByText('The keyword “price” also starts the live flow “Porter”.').waitFor();
    await saveScreenshot(page, 'flow-editor-publish-conflicts');
  });

  it('hands off inside a preview without any inbox handoff, returns to the bot, and keeps the publish button in the toolbar', async () => {
    await app.seedUser({ email: 'handoff@example.com', password: 'correct horse battery', workspaces: ['Handoff brand'] });
    const { cookie } = await app.login('handoff@example.com', 'correct horse battery');
    const api = (method: string, path: string, body?: unknown) =>
      fetch(`${app.baseUrl}/api${path}`, { method, headers: { 'content-type': 'application/json', cookie }, body: body === undefined ? undefined : JSON.stringify(body) });
    const flow = (await (await api('POST', '/flows', { name: 'Support with a person, a rather long flow name for the toolbar' })).json()) as { id: string };
    const step = (id: string, type: string, x: number, config: Record<string, unknown>) => ({ id, type, position: { x, y: 0 }, config });
    const document = {
      schemaVersion: 1,
      triggers: [{ id: 't', kind: 'keyword', startNodeId: 'human', keywords: [{ value: 'agent', mode: 'whole-word' }] }],
      nodes: [step('human', 'handoff', 0, { message: 'Connecting you to a person.', note: 'Wants a human' }), step('back', 'send-message', 320, { text: 'Back with the bot.' })],
      edges: [{ id: 'e1', source: 'human', sourceOutput: 'returned', target: 'back' }],
    };
    expect((await api('PUT', `/flows/${flow.id}/draft`, { revision: 1, document })).status).toBe(200);

    await logIn(page, app.baseUrl, 'handoff@example.com', 'correct horse battery');
    await page.goto(`${app.baseUrl}/flows/${flow.id}`);
    await page.getByRole('button', { name: 'Preview', exact: true }).click();
    const preview = page.getByRole('complementary', { name: 'Preview' });
    await preview.getByText('Ready · webchat').waitFor();
    await preview.getByLabel('Message as the contact').fill('agent please');
    await preview.getByRole('button', { name: 'Send' }).click();
    await preview.getByText('Connecting you to a person.').waitFor();
    await preview.getByText('Handed off to an agent — in a preview no agent is notified.').waitFor();
    // Nothing reached the inbox.
    expect(((await (await api('GET', '/inbox/conversations?view=all')).json()) as { items: unknown[] }).items).toEqual([]);
    await saveScreenshot(page, 'flow-editor-preview-handoff');
    await preview.getByRole('button', { name: 'Return to bot' }).click();
    await preview.getByText('Back with the bot.').waitFor();
    await preview.getByText('The conversation ended.').waitFor();
    await waitForCount(preview.getByRole('button', { name: 'Return to bot' }), 0);
    await preview.getByRole('button', { name: 'Close' }).click();

    // Twelve steps with errors: the publish button shows a count badge and still fits the 1,280 px toolbar.
    const broken = (await (await api('POST', '/flows', { name: 'Broken flow with a long name that used to push the publish button out' })).json()) as { id: string };
    const empties = Array.from({ length: 12 }, (_, i) => step(`m${i}`, 'send-message', i * 300, { text: '' }));
    expect((await api('PUT', `/flows/${broken.id}/draft`, { revision: 1, document: { schemaVersion: 1, triggers: [], nodes: empties, edges: [] } })).status).toBe(200);
    await page.goto(`${app.baseUrl}/flows/${broken.id}`);
    const badge = page.getByTestId('publish-error-count');
    await badge.waitFor();
    const count = Number(await badge.textContent());
    expect(count).toBeGreaterThanOrEqual(12);
    const button = page.getByRole('button', { name: 'Publish', exact: true });
    expect(await button.getAttribute('title')).toBe(`${count} errors block publishing`);
    const box = (await button.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(1280);
    expect(await page.locator('.editor-toolbar').evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    await saveScreenshot(page, 'flow-editor-publish-errors');
  });

  it('opens a flow read-only for a viewer', async () => {
    await app.seedUser({ email: 'owner-ro@example.com', password: 'correct horse battery', workspaces: ['Read-only brand'] });
    await app.seedUser({ email: 'viewer@example.com', password: 'correct horse battery', workspaces: ['Read-only brand'], role: 'viewer' });
    const { cookie } = await app.login('owner-ro@example.com', 'correct horse battery');
    const created = await fetch(`${app.baseUrl}/api/flows`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ name: 'Look, do not touch' }),
    });
    expect(created.status).toBe(201);

    await logIn(page, app.baseUrl, 'viewer@example.com', 'correct horse battery');
    await page.getByRole('link', { name: 'Look, do not touch' }).click();
    await page.getByText('Read-only', { exact: true }).waitFor();
    expect(await page.getByRole('navigation', { name: 'Add a node' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Publish', exact: true }).count()).toBe(0);
  });

  /** Clicks bare canvas: the left edge half-way down, clear of the panels in the corners (analytics, search, controls, map). */
  async function clickEmptyCanvas(): Promise<void> {
    const pane = page.locator('.react-flow__pane');
    const box = await pane.boundingBox();
    if (!box) throw new Error('canvas not on screen');
    await pane.click({ position: { x: 12, y: Math.round(box.height / 2) } });
  }

  async function dragConnection(from: Locator, to: Locator): Promise<void> {
    const start = await from.boundingBox();
    const end = await to.locator('.react-flow__handle.target').boundingBox();
    if (!start || !end) throw new Error('handles not on screen');
    await page.mouse.move(start.x + start.width / 2, start.y + start.height / 2);
    await page.mouse.down();
    await page.mouse.move(end.x + end.width / 2, end.y + end.height / 2, { steps: 10 });
    await page.mouse.up();
  }
});

async function expectValue(locator: Locator, value: string): Promise<void> {
  await locator.waitFor();
  expect(await locator.inputValue()).toBe(value);
}

async function waitForCount(locator: Locator, count: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if ((await locator.count()) === count) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`expected ${count} of ${locator}, found ${await locator.count()}`);
}
