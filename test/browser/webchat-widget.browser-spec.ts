import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import request from 'supertest';
import { echoFlow, publishDirect } from '../e2e/support/runtime-fixtures';
import { startTestApp, type TestApp } from '../support/test-app';
import { launchBrowser, saveScreenshot } from './support/browser';

/**
 * The embeddable web chat widget on a plain page of another origin (its own local server): the script tag opens a
 * bubble, the visitor writes, the flow answers through the whole pipeline, the token survives a reload, and what
 * the visitor or the flow writes is shown as text.
 */
describe('web chat widget on a website', () => {
  let t: TestApp;
  let browser: Browser;
  let site: http.Server;
  let siteUrl: string;
  let connectionId: string;

  beforeAll(async () => {
    t = await startTestApp({ role: 'all' });
    const owner = await t.seedUser({ email: 'owner@example.com', workspaces: ['Acme'] });
    const { token } = await t.login(owner.email, owner.password);
    connectionId = (await request(t.server).post('/api/webchat/connection').set('Authorization', `Bearer ${token}`).expect(201)).body.connectionId;
    await publishDirect(t, owner.workspaces.Acme, 'Echo', echoFlow);
    // A website somewhere else: nothing but a heading and the script tag.
    site = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><html lang="en"><head><title>Shop</title></head><body><h1>Our shop</h1>
<script src="${t.baseUrl}/api/webchat/widget.js" data-connection="${connectionId}" data-title="Ask the shop" async></script></body></html>`);
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    siteUrl = `http://localhost:${(site.address() as AddressInfo).port}/`;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => site?.close(r));
    await t?.close();
  });

  it('is served as a cacheable script any site may load', async () => {
    const res = await fetch(`${t.baseUrl}/api/webchat/widget.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('public, max-age=3600');
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    const etag = res.headers.get('etag');
    expect(etag).toBeTruthy();
    expect((await fetch(`${t.baseUrl}/api/webchat/widget.js`, { headers: { 'if-none-match': etag! } })).status).toBe(304);
  });

  it('chats from another origin, keeps the visitor across a reload, and shows markup as text', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(siteUrl);
    const bubble = page.getByRole('button', { name: 'Ask the shop' });
    await bubble.click();
    const chat = page.getByRole('dialog', { name: 'Ask the shop' });
    const box = chat.getByLabel('Your message');
    await box.fill('hello');
    await box.press('Enter');
    const log = chat.getByRole('log');
    await log.getByText('ready', { exact: true }).waitFor();

    const attack = '<img src=x onerror="window.__pwned=1">';
    await box.fill(attack);
    await chat.getByRole('button', { name: 'Send' }).click();
    await log.getByText(`got ${attack}`, { exact: true }).waitFor();
    expect(await chat.locator('img').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    await saveScreenshot(page, 'webchat-widget');

    // Same browser, page reloaded: the stored visitor token brings the conversation back, each reply once.
    const stored = await page.evaluate((key) => localStorage.getItem(key), `parley-webchat:${connectionId}`);
    expect(JSON.parse(stored!)).toMatchObject({ token: expect.stringMatching(/^wv_/) });
    await page.reload();
    await page.getByRole('button', { name: 'Ask the shop' }).click();
    await log.getByText(`got ${attack}`, { exact: true }).waitFor();
    expect(await log.getByText('ready', { exact: true }).count()).toBe(2);
    expect(await t.db.query(`SELECT count(*)::int AS n FROM webchat_visitors`)).toEqual([{ n: 1 }]);

    // Escape closes the panel and gives focus back to the bubble.
    await page.keyboard.press('Escape');
    await expect(chat.isHidden()).resolves.toBe(true);
    await expect(bubble.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await context.close();
  });
});
