import { randomBytes } from 'node:crypto';
import request from 'supertest';
import type { AppConfig } from '../../api/src/config/app-config';
import { whatsappFake, type FakeTemplate } from '../fakes/whatsapp-fake';
import { logIn, saveScreenshot, useStudio } from './support/browser';

const PHONE = '106540352242922';
const WABA = '102290129340398';
const tpl = (name: string, status: string, text: string): FakeTemplate => ({ name, language: 'en_US', status, category: 'MARKETING', components: [{ type: 'BODY', text }] });

/** The broadcasts page's template list, filled by "Sync from WhatsApp" against the WhatsApp fake. */
describe('WhatsApp templates synced from the studio', () => {
  const fake = whatsappFake({ phoneNumberId: PHONE, token: 'WA_TOKEN', wabaId: WABA, templates: [tpl('spring_sale', 'APPROVED', 'Hi {{1}}'), tpl('autumn_sale', 'PENDING', 'Soon, {{1}}')] });
  // Filled in before useStudio's own beforeAll reads it (hooks run in the order they are registered).
  const overrides: Partial<AppConfig> = { secretKey: randomBytes(32).toString('hex') };
  beforeAll(async () => {
    await fake.start();
    Object.assign(overrides, {
      egressAllowHosts: [fake.host],
      channelApis: { metaGraphUrl: fake.url, metaGraphVersion: 'v25.0', instagramUrl: fake.url, xUrl: fake.url, telegramUrl: fake.url },
    });
  });
  const studio = useStudio(overrides);
  afterAll(() => fake.close());

  it('syncs by keyboard, reports per number, shows statuses and the template WhatsApp no longer has', async () => {
    const { app } = studio;
    const owner = await app.seedUser({ email: 'marketer@example.com', workspaces: ['Shop'] });
    const auth = { Authorization: `Bearer ${(await app.login(owner.email, owner.password)).token}` };
    const phone = (
      await request(app.server)
        .post('/api/channels')
        .set(auth)
        .send({ platform: 'whatsapp', name: 'Sales line', externalAccountId: PHONE, secrets: { accessToken: 'WA_TOKEN', appSecret: 's', verifyToken: 'v' }, config: { wabaId: WABA } })
        .expect(201)
    ).body.id;
    await request(app.server).post('/api/whatsapp-templates').set(auth).send({ connectionId: phone, name: 'typo_sale', language: 'en_US', category: 'marketing', status: 'approved', body: 'Hi' }).expect(201);

    const page = await studio.newPage();
    await logIn(page, app.baseUrl, owner.email, owner.password);
    await page.goto(`${app.baseUrl}/broadcasts`);
    const templates = page.getByRole('region', { name: 'WhatsApp templates' });
    await templates.getByRole('button', { name: 'Sync from WhatsApp' }).focus();
    await page.keyboard.press('Enter');
    await templates.getByText('Sales line: 2 template(s) read, 2 new, 1 no longer in WhatsApp.').waitFor();

    await templates.getByLabel('Status of spring_sale (en_US)').waitFor();
    await expect(templates.getByLabel('Status of spring_sale (en_US)').inputValue()).resolves.toBe('approved');
    await expect(templates.getByLabel('Status of autumn_sale (en_US)').inputValue()).resolves.toBe('pending');
    const typoRow = templates.getByRole('row').filter({ hasText: 'typo_sale' });
    await expect(typoRow.innerText()).resolves.toMatch(/Missing in WhatsApp since/);
    await expect(templates.getByRole('row').filter({ hasText: 'spring_sale' }).innerText()).resolves.toMatch(/Synced /);
    await saveScreenshot(page, 'whatsapp-templates-sync');
  });
});
