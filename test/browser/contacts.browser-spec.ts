import { SECRET_BOX } from '../../api/src/channels/channels.tokens';
import type { SecretBox } from '../../api/src/channels/secrets/secret-box';
import { logIn, useStudio } from './support/browser';

/** The contacts and broadcasts screens in Chromium: keyboard selection, bulk tags, profile → inbox, eligibility preview. */
describe('contacts and broadcasts screens', () => {
  const studio = useStudio({ role: 'api' });

  it('filters, selects by keyboard, tags in bulk, opens a profile linking to the inbox, and previews a broadcast', async () => {
    const user = await studio.app.seedUser({ email: 'marketer@example.com', workspaces: ['Shop'] });
    const workspaceId = user.workspaces.Shop;
    const box = studio.app.app.get<SecretBox>(SECRET_BOX);
    const [connection] = await studio.app.db.query(
      `INSERT INTO channel_connections (workspace_id, platform, name, external_account_id, secrets_encrypted, secrets_key_id) VALUES ($1, 'messenger', 'Shop page', 'p1', $2, $3) RETURNING id`,
      [workspaceId, box.seal({ pageAccessToken: 't' }), box.currentKeyId],
    );
    for (const [name, hoursAgo] of [['Ana <img src=x onerror=alert(1)>', 1], ['Bob', 2], ['Cy', 48]] as const) {
      const [contact] = await studio.app.db.query(
        `INSERT INTO contacts (workspace_id, connection_id, external_id, name, tags, last_inbound_at) VALUES ($1, $2, $3, $3, '{lead}', now() - $4::float8 * interval '1 hour') RETURNING id`,
        [workspaceId, connection.id, name, hoursAgo],
      );
      await studio.app.db.query(`INSERT INTO conversations (workspace_id, connection_id, contact_id) VALUES ($1, $2, $3)`, [workspaceId, connection.id, contact.id]);
    }
    const page = await studio.newPage();
    let dialogs = 0;
    page.on('dialog', (d) => (dialogs++, void d.dismiss()));
    await logIn(page, studio.app.baseUrl, user.email, user.password);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Contacts' }).click();
    await page.getByRole('heading', { name: 'Contacts', level: 1 }).waitFor();
    await page.getByText('3 matching').waitFor();

    await page.getByLabel('Search').fill('bo');
    await page.getByRole('button', { name: 'Apply filter' }).click();
    await page.getByText('1 matching').waitFor();
    await page.getByRole('button', { name: 'Clear' }).click();
    await page.getByText('3 matching').waitFor();

    // Keyboard only: focus the checkbox, Space selects it.
    await page.getByLabel('Select Bob').focus();
    await page.keyboard.press('Space');
    expect(await page.getByLabel('Select Bob').isChecked()).toBe(true);
    await page.getByLabel('Tag', { exact: true }).fill('vip');
    await page.getByRole('button', { name: 'Add tag' }).click();
    await page.getByText('Added “vip” to 1 contact.').waitFor();
    const tags = await studio.app.db.query(`SELECT name, tags FROM contacts ORDER BY name`);
    expect(tags.map((r: { tags: string[] }) => r.tags.includes('vip'))).toEqual([false, true, false]);

    await page.getByRole('button', { name: 'Ana <img src=x onerror=alert(1)>' }).click();
    const profile = page.getByRole('complementary', { name: 'Contact profile' });
    await profile.getByRole('link', { name: 'Open in the inbox' }).waitFor();
    expect(await profile.getByRole('link', { name: 'Open in the inbox' }).getAttribute('href')).toMatch(/^\/inbox\/[0-9a-f-]{36}$/);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Broadcasts' }).click();
    await page.getByRole('button', { name: 'New broadcast' }).click();
    await page.getByLabel('Name').fill('Spring');
    await page.getByLabel('Message', { exact: true }).fill('Hi {{contact.first_name}}');
    await page.getByRole('button', { name: 'Preview eligibility' }).click();
    await page.getByText(/2 of 3 contacts are eligible now/).waitFor();
    await page.getByText(/1 — The contact's last message is older than 24 hours/).waitFor();
    await page.getByRole('button', { name: 'Send now' }).click();
    await page.getByRole('heading', { name: 'Spring' }).waitFor();
    // No worker runs in this app (role api): it stays scheduled until cancelled.
    const detail = page.getByRole('region', { name: 'Spring' });
    await detail.getByText('scheduled', { exact: true }).waitFor();
    await detail.getByRole('button', { name: 'Cancel broadcast' }).click();
    await detail.getByText('cancelled', { exact: true }).waitFor();
    expect(dialogs).toBe(0);
  });
});
