import type { Page } from 'playwright-core';
import { logIn, saveScreenshot, useStudio } from './support/browser';

describe('studio foundation', () => {
  const studio = useStudio();
  let page: Page;

  beforeEach(async () => {
    page = await studio.newPage();
  });

  it('shows the server message for a wrong password', async () => {
    await studio.app.seedUser({ email: 'wrong-pass@example.com', password: 'correct horse battery', workspaces: ['Solo'] });
    await page.goto(`${studio.app.baseUrl}/`);

    await page.getByLabel('Email').fill('wrong-pass@example.com');
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Log in' }).click();

    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect((await alert.textContent())?.trim()).not.toBe('');
    expect(page.url()).toContain('/login');
    await saveScreenshot(page, 'login-invalid-credentials');
  });

  it('logs in, shows the empty flow list, and switches workspace', async () => {
    await studio.app.seedUser({ email: 'maya@example.com', password: 'correct horse battery', workspaces: ['Acme Brand', 'Beta Shop'] });

    await page.goto(`${studio.app.baseUrl}/`);
    await page.getByRole('heading', { name: 'Log in to the studio' }).waitFor();
    await saveScreenshot(page, 'login');
    await logIn(page, studio.app.baseUrl, 'maya@example.com', 'correct horse battery');

    await page.getByText('No flows yet').waitFor();
    expect(new URL(page.url()).pathname).toBe('/flows');
    const switcher = page.getByLabel('Workspace');
    const firstName = (await switcher.locator('option:checked').textContent()) ?? '';
    const otherName = firstName.includes('Acme Brand') ? 'Beta Shop' : 'Acme Brand';
    await saveScreenshot(page, 'flows-empty');

    const otherId = await switcher.locator('option', { hasText: otherName }).getAttribute('value');
    await switcher.selectOption(otherId ?? '');

    await page.getByText(`Conversations your bot runs in ${otherName}.`).waitFor();
    await page.getByText('No flows yet').waitFor();
    expect(await switcher.inputValue()).toBe(otherId);
    await saveScreenshot(page, 'flows-empty-after-switch');

    // The switch is stored in the session: a reload stays in the chosen workspace.
    await page.reload();
    await page.getByText(`Conversations your bot runs in ${otherName}.`).waitFor();
  });

  it('shows the members page with an invite link for an owner', async () => {
    await studio.app.seedUser({ email: 'owen@example.com', password: 'correct horse battery', workspaces: ['Owen Co'] });
    await logIn(page, studio.app.baseUrl, 'owen@example.com', 'correct horse battery');

    await page.getByRole('link', { name: 'Members' }).click();
    await page.getByRole('cell', { name: 'owen@example.com' }).waitFor();
    await page.getByLabel('Role', { exact: true }).selectOption('agent');
    await page.getByRole('button', { name: 'Create invite link' }).click();

    const link = page.getByLabel('Invite link', { exact: true });
    await link.waitFor();
    expect(await link.inputValue()).toMatch(/\/invite\/[\w-]{16,}$/);
    await page.getByRole('button', { name: /^Revoke invite/ }).first().waitFor();
    await saveScreenshot(page, 'members');
  });
});
