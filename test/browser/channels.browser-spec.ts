import type { Page } from 'playwright-core';
import { logIn, saveScreenshot, useStudio } from './support/browser';

const BOT_TOKEN = '7312468590:AAF-browser-spec-bot-token-value';
const WEBHOOK_SECRET = 'browser_spec_webhook_secret';

describe('channels screen', () => {
  const studio = useStudio();

  async function openChannels(page: Page, email: string, role: 'owner' | 'editor' = 'owner') {
    const user = await studio.app.seedUser({ email, workspaces: [`Channels ${email}`], role });
    await logIn(page, studio.app.baseUrl, user.email, user.password);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Channels' }).click();
    await page.getByRole('heading', { name: 'Channels', level: 1 }).waitFor();
    return user;
  }

  it('connects Telegram through the picker, shows the webhook URL, never echoes secrets, and shows LinkedIn disabled with the reason', async () => {
    const page = await studio.newPage();
    await openChannels(page, 'channels-admin@example.com');
    await page.getByText('No channel is connected yet.').waitFor();

    await page.getByRole('button', { name: 'Connect a channel' }).click();
    const linkedIn = page.getByRole('button', { name: /LinkedIn/ });
    expect(await linkedIn.isDisabled()).toBe(true);
    const linkedInNote = page.locator('#platform-note-linkedin');
    expect(await linkedInNote.textContent()).toMatch(/no API for automated DMs.*custom channel/i);
    // The explanation is tied to the disabled choice for screen readers.
    expect(await linkedIn.getAttribute('aria-describedby')).toBe('platform-note-linkedin');
    await saveScreenshot(page, 'channels-picker');

    // The form comes from the catalog: X's OAuth 1.0a pair is optional, its API key secret is not.
    await page.getByRole('button', { name: 'X (Twitter)' }).click();
    expect(await page.getByLabel('API key secret (consumer secret)').getAttribute('required')).not.toBeNull();
    expect(await page.getByLabel('API key (consumer key), for OAuth 1.0a').getAttribute('required')).toBeNull();
    expect(await page.getByLabel('API key (consumer key), for OAuth 1.0a').getAttribute('type')).toBe('password');
    await page.getByRole('button', { name: 'Back' }).click();

    await page.getByRole('button', { name: 'Telegram' }).click();
    await page.getByLabel('Name').fill('Support bot');
    await page.getByLabel('Bot token from @BotFather').fill(BOT_TOKEN);
    await page.getByLabel(/^Webhook secret/).fill(WEBHOOK_SECRET);
    await page.getByRole('button', { name: 'Connect', exact: true }).click();

    const details = page.locator('.connection-details');
    await details.getByRole('heading', { name: 'Support bot' }).waitFor();
    const [row] = await studio.app.db.query(`SELECT id FROM channel_connections WHERE platform = 'telegram' AND name = 'Support bot'`);
    const webhookUrl = await details.getByLabel('Webhook URL').inputValue();
    expect(webhookUrl).toBe(`${studio.app.baseUrl}/api/webhooks/telegram/${row.id}`);
    await details.getByRole('button', { name: 'Copy URL' }).waitFor();
    expect(await details.locator('[data-secret="botToken"] .badge').textContent()).toBe('Set');
    expect(await details.locator('[data-secret="webhookSecret"] .badge').textContent()).toBe('Set');
    await details.getByText('Create a bot with @BotFather.').waitFor();
    // Without PUBLIC_URL Telegram could not reach us: the server says so, and the screen shows it.
    await details.getByRole('button', { name: 'Register webhook with Telegram' }).click();
    await details.getByRole('alert').getByText(/PUBLIC_URL/).waitFor();
    const rowCell = page.locator(`[data-connection-id="${row.id}"]`);
    expect(await rowCell.locator('.badge').textContent()).toBe('Active');
    expect(await rowCell.textContent()).toContain('7312468590');

    // Write-only: after a reload, nothing on the page (inputs included) holds a secret.
    await page.reload();
    await page.locator(`[data-connection-id="${row.id}"]`).getByRole('button', { name: /Open/ }).click();
    await details.getByRole('heading', { name: 'Support bot' }).waitFor();
    const html = await page.content();
    expect(html).not.toContain(BOT_TOKEN);
    expect(html).not.toContain(WEBHOOK_SECRET);
    await saveScreenshot(page, 'channels-telegram-connected');
  });

  it('shows a broken connection with its reason, re-activates it with a new secret, renames and deletes it', async () => {
    const page = await studio.newPage();
    const owner = await openChannels(page, 'channels-broken@example.com');
    const workspaceId = Object.values(owner.workspaces)[0];
    const { token } = await studio.app.login(owner.email, owner.password);
    const res = await fetch(`${studio.app.baseUrl}/api/channels`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ platform: 'whatsapp', name: 'Sales line', externalAccountId: '106540352242922', secrets: { accessToken: 'old-token', appSecret: 'app-secret', verifyToken: 'verify-me' } }),
    });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    await studio.app.db.query(`UPDATE channel_connections SET status = 'broken', status_reason = $2 WHERE id = $1 AND workspace_id = $3`, [
      id,
      '(#190) Error validating access token: Session has expired',
      workspaceId,
    ]);

    await page.reload();
    const row = page.locator(`[data-connection-id="${id}"]`);
    expect(await row.locator('.badge').textContent()).toBe('Broken');
    await row.getByText('Session has expired').waitFor();

    await row.getByRole('button', { name: /Open/ }).click();
    const details = page.locator('.connection-details');
    await details.getByRole('alert').getByText(/refused this connection's credentials/).waitFor();
    await details.getByRole('button', { name: 'Replace System user access token' }).click();
    await details.getByLabel('New system user access token').fill('new-token');
    await details.getByRole('button', { name: 'Save', exact: true }).click();
    await details.getByText('Secret replaced.').waitFor();
    await row.locator('.badge', { hasText: 'Active' }).waitFor();

    await details.getByLabel('Name', { exact: true }).fill('Sales WhatsApp');
    await details.getByRole('button', { name: 'Save changes' }).click();
    await row.getByRole('cell', { name: 'Sales WhatsApp', exact: true }).waitFor();

    await details.getByRole('button', { name: 'Disable' }).click();
    await row.locator('.badge', { hasText: 'Disabled' }).waitFor();

    await details.getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete Sales WhatsApp?' });
    await dialog.getByRole('button', { name: 'Delete connection' }).click();
    await page.getByText('No channel is connected yet.').waitFor();
    const [{ count }] = await studio.app.db.query(`SELECT count(*)::int AS count FROM channel_connections WHERE id = $1`, [id]);
    expect(count).toBe(0);
  });

  it('lets an editor see connections but not manage them', async () => {
    const page = await studio.newPage();
    await openChannels(page, 'channels-editor@example.com', 'editor');
    await page.getByText('No channel is connected yet.').waitFor();
    expect(await page.getByRole('button', { name: 'Connect a channel' }).count()).toBe(0);
  });
});
