import type { Page } from 'playwright-core';
import { seedHandedOffConversation } from '../e2e/support/inbox-fixtures';
import { FakeServer } from '../fakes/fake-server';
import { logIn, saveScreenshot, useStudio } from './support/browser';

// Untrusted text that would run script if the studio ever rendered it as HTML.
const XSS_NAME = '<img src=x onerror=alert(1)>';
const XSS_NOTE = '<svg onload=alert(2)></svg> <img src=x onerror="window.__xss=1"> <a href="javascript:alert(3)">javascript:alert(3)</a>';
const XSS_FIELD = 'javascript:alert(4)';
// A 1×1 PNG and a small PDF, served by a stand-in for Meta's CDN.
const PIXEL_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const PDF = Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n', 'latin1');

describe('agent inbox', () => {
  // The media route fetches attachments from the fake CDN on a random loopback port.
  const studio = useStudio({ egressAllowHosts: ['127.0.0.1:*'] });
  const cdn = new FakeServer((req) => {
    if (req.path.startsWith('/photo.png')) return { status: 200, body: null, raw: PIXEL_PNG, headers: { 'content-type': 'image/png' } };
    if (req.path.startsWith('/receipt.pdf')) return { status: 200, body: null, raw: PDF, headers: { 'content-type': 'application/pdf' } };
    return { status: 404, body: {} };
  });
  beforeAll(() => cdn.start());
  afterAll(() => cdn.close());
  const dialogs: string[] = [];

  /** A logged-in agent in its own browser context, watching for any dialog a script might open. */
  async function agentPage(email: string, password: string): Promise<Page> {
    const page = await studio.newPage();
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await logIn(page, studio.app.baseUrl, email, password);
    await page.waitForURL('**/inbox');
    await page.locator('.inbox-live-live').waitFor();
    return page;
  }

  it('shows a handoff live to two agents, lets one claim and reply, renders untrusted text as text, and returns the chat to the bot', async () => {
    const ann = await studio.app.seedUser({ email: 'ann@example.com', workspaces: ['Acme'], role: 'agent' });
    const bob = await studio.app.seedUser({ email: 'bob@example.com', workspaces: ['Acme'], role: 'agent' });
    const workspaceId = ann.workspaces.Acme;
    const annPage = await agentPage(ann.email, ann.password);
    const bobPage = await agentPage(bob.email, bob.password);

    // Agents see the inbox, not the flow editor or members.
    const nav = annPage.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Inbox' }).waitFor();
    expect(await nav.getByRole('link', { name: 'Flows' }).count()).toBe(0);
    expect(await nav.getByRole('link', { name: 'Members' }).count()).toBe(0);
    await annPage.getByText('No conversations here.').waitFor();

    // A new handoff appears in both inboxes without a reload.
    const { conversationId, contactId } = await seedHandedOffConversation(studio.app, workspaceId, { firstName: XSS_NAME });
    const contactName = `${XSS_NAME} Contact`;
    const item = (page: Page) => page.locator(`[data-conversation-id="${conversationId}"]`);
    for (const page of [annPage, bobPage]) {
      await item(page).waitFor();
      expect(await item(page).locator('.inbox-item-name').textContent()).toBe(contactName);
      await item(page).getByText('Unassigned').waitFor();
    }
    await saveScreenshot(bobPage, 'inbox-live-handoff');

    // Untrusted text elsewhere: a note and a custom field.
    const { token } = await studio.app.login(ann.email, ann.password);
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const noteRes = await fetch(`${studio.app.baseUrl}/api/inbox/conversations/${conversationId}/notes`, { method: 'POST', headers, body: JSON.stringify({ text: XSS_NOTE }) });
    expect(noteRes.status).toBe(201);
    await studio.app.db.query(`UPDATE contacts SET custom_fields = $2 WHERE id = $1`, [contactId, { website: XSS_FIELD }]);

    await annPage.goto(`${studio.app.baseUrl}/inbox/${conversationId}`);
    await annPage.locator('.inbox-live-live').waitFor();
    await item(bobPage).click();
    await bobPage.getByRole('heading', { level: 1, name: contactName }).waitFor();

    // Agent 1 claims; agent 2 sees it taken, live, and a late claim is refused with the server's message.
    await annPage.getByRole('button', { name: 'Claim' }).click();
    await annPage.getByTestId('handoff-status').getByText('Assigned to you').waitFor();
    await bobPage.getByTestId('handoff-status').getByText('Assigned to ann@example.com').waitFor();
    await item(bobPage).getByText('Assigned to ann@example.com').waitFor();
    await bobPage.getByRole('button', { name: 'Claim' }).click();
    await bobPage.getByRole('alert').getByText('ann@example.com has already taken this conversation.').waitFor();
    await saveScreenshot(bobPage, 'inbox-claim-refused');

    // Agent 1 replies: the reply is in the timeline and queued in the outbox.
    const reply = 'Hi! Your refund is on its way.';
    await annPage.getByLabel('Reply', { exact: true }).fill(reply);
    await annPage.getByRole('button', { name: 'Send' }).click();
    await annPage.locator('.inbox-message-agent').getByText(reply).waitFor();
    const outbox = await studio.app.db.query(`SELECT automated, payload FROM outbox WHERE conversation_id = $1 AND kind = 'message'`, [conversationId]);
    expect(outbox).toEqual([expect.objectContaining({ automated: false, payload: expect.objectContaining({ message: expect.objectContaining({ text: reply }) }) })]);
    await bobPage.locator('.inbox-message-agent').getByText(reply).waitFor();

    // The XSS corpus is shown literally and runs nothing.
    await annPage.locator('.inbox-note-text').getByText(XSS_NOTE, { exact: true }).waitFor();
    await annPage.getByRole('heading', { level: 2, name: contactName }).waitFor();
    await annPage.getByLabel('Field 1 value').waitFor();
    expect(await annPage.getByLabel('Field 1 value').inputValue()).toBe(XSS_FIELD);
    for (const page of [annPage, bobPage]) {
      expect(await page.locator('img[src="x"], svg[onload], a[href^="javascript:"], [onerror]').count()).toBe(0);
      expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    }
    await saveScreenshot(annPage, 'inbox-conversation');

    // Returning to the bot takes the conversation out of the active views, for both agents.
    await annPage.getByRole('button', { name: 'Return to bot' }).click();
    await annPage.getByTestId('handoff-status').getByText('Returned to the bot').waitFor();
    await item(annPage).waitFor({ state: 'detached' });
    await item(bobPage).waitFor({ state: 'detached' });
    await annPage.getByRole('button', { name: 'Mine' }).click();
    await annPage.getByText('No conversations here.').waitFor();
    await annPage.getByRole('button', { name: 'Resolved' }).click();
    await item(annPage).waitFor();
    await saveScreenshot(annPage, 'inbox-returned-to-bot');

    await annPage.getByRole('tab', { name: 'Dashboard' }).click();
    await annPage.getByRole('heading', { name: 'Inbox dashboard' }).waitFor();
    await annPage.getByText('Returned to the bot: 1').waitFor();
    await saveScreenshot(annPage, 'inbox-dashboard');

    expect(dialogs).toEqual([]);
  });

  it("shows a contact's image inline and offers a file as a download, both through the same-origin media route", async () => {
    const cara = await studio.app.seedUser({ email: 'cara@example.com', workspaces: ['Acme'], role: 'agent' });
    const seeded = await seedHandedOffConversation(studio.app, cara.workspaces.Acme);
    const attachments = [
      { kind: 'image', url: `${cdn.url}/photo.png?oh=signed` },
      { kind: 'file', url: `${cdn.url}/receipt.pdf?oh=signed`, fileName: 'receipt.pdf', mimeType: 'application/pdf' },
    ];
    const [{ id: messageId }] = await studio.app.db.query(
      `INSERT INTO inbound_events (workspace_id, connection_id, platform_event_id, contact_external_id, kind, platform_ts, payload, conversation_id, processed_at)
       VALUES ($1, $2, 'm-attachments', 'psid', 'inbound', now(), $3, $4, now()) RETURNING id::text AS id`,
      [cara.workspaces.Acme, seeded.connectionId, { event: { type: 'message-received', text: 'Here is my receipt', attachments } }, seeded.conversationId],
    );
    const route = `/api/inbox/conversations/${seeded.conversationId}/messages/${messageId}/attachments`;

    const page = await agentPage(cara.email, cara.password);
    await page.goto(`${studio.app.baseUrl}/inbox/${seeded.conversationId}`);
    await page.locator('.inbox-message-contact').getByText('Here is my receipt').waitFor();
    const image = page.locator(`.inbox-message-contact img[src="${route}/0"]`);
    await image.waitFor();
    await page.waitForFunction((src) => {
      const img = document.querySelector<HTMLImageElement>(`img[src="${src}"]`);
      return !!img && img.complete && img.naturalWidth === 1;
    }, `${route}/0`);
    const download = page.getByRole('link', { name: 'Download receipt.pdf' });
    expect(await download.getAttribute('href')).toBe(`${route}/1`);
    // The link works with the agent's session cookie, and the file is served under its own type.
    const file = await page.request.get(`${studio.app.baseUrl}${route}/1`);
    expect([file.status(), file.headers()['content-type'], Buffer.compare(await file.body(), PDF)]).toEqual([200, 'application/pdf', 0]);
    // The platform's URLs never reach the page: the server fetched them.
    expect(await page.locator(`[src*="${cdn.host}"], [href*="${cdn.host}"]`).count()).toBe(0);
    expect(cdn.sent(/photo\.png/).length).toBeGreaterThan(0);
    await saveScreenshot(page, 'inbox-attachments');
  });
});
