import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import request from 'supertest';
import { signCustom } from '../../api/src/channels/custom/custom-signature';
import { BacklogGate } from '../../api/src/flow-execution/intake.service';
import { useChannelHarness } from '../fakes/channel-e2e-kit';
import { customBridgeFake } from '../fakes/custom-fake';

const SECRET = 'fast_path_secret';

/**
 * Plain webhook deliveries are answered in front of Express (webhook-fast-path.ts); every other request to the same
 * route goes through WebhooksController. Both must answer alike: each case is sent both ways (a query string makes
 * the fast path step aside) and compared.
 */
describe('webhook deliveries: the fast path answers as the framework route does', () => {
  const fake = customBridgeFake();
  const h = useChannelHarness(fake, () => ({ platform: 'custom', name: 'Fast path', externalAccountId: 'fast', secrets: { signingSecret: SECRET }, config: { outboundUrl: `${fake.url}/replies` } }));
  let seq = 0;
  const delivery = () => JSON.stringify({ events: [{ id: `e${++seq}`, type: 'message', timestamp: Date.now(), contact: { id: 'c1' }, text: 'hi' }] });

  /** The same POST through both paths: `fast` as it is, `framework` with a query string. */
  async function both(path: string, raw: string | Buffer, headers: Record<string, string>) {
    const send = (url: string) => request(h.t.server).post(url).set(headers).send(raw);
    const fast = await send(path);
    const framework = await send(`${path}?via=framework`);
    return { fast, framework };
  }
  const url = () => h.webhook('custom', h.connectionId);
  const json = { 'content-type': 'application/json' };

  it('takes plain deliveries (no helmet headers) and leaves the rest to the framework (helmet headers)', async () => {
    const raw = delivery();
    const { fast, framework } = await both(url(), raw, { ...json, 'x-parley-signature': signCustom(SECRET, raw) });
    expect(fast.headers['content-security-policy']).toBeUndefined();
    expect(framework.headers['content-security-policy']).toBeDefined();
    for (const res of [fast, framework]) {
      expect(res.headers['x-request-id']).toMatch(/^[\w.-]+$/);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    }
    // The first stored it, the second found it stored: a duplicate on either path.
    expect([fast.status, fast.body]).toEqual([200, { accepted: 1, duplicates: 0 }]);
    expect([framework.status, framework.body]).toEqual([200, { accepted: 0, duplicates: 1 }]);
  });

  it.each([
    ['a bad signature', () => ({ raw: delivery(), headers: { ...json, 'x-parley-signature': 'v1,t=1,forged' } }), 401, 'WEBHOOK_SIGNATURE_INVALID'],
    ['no signature', () => ({ raw: delivery(), headers: json }), 401, 'WEBHOOK_SIGNATURE_INVALID'],
    ['broken JSON', () => ({ raw: '{"events": [', headers: json }), 400, 'INVALID_JSON'],
    ['JSON that is not an object or array', () => ({ raw: '"events"', headers: json }), 400, 'INVALID_JSON'],
    ['whitespace only', () => ({ raw: '  \n', headers: json }), 400, 'INVALID_JSON'],
    ['a 4 MB body', () => ({ raw: `{"pad":"${'x'.repeat(4 * 1024 * 1024)}"}`, headers: json }), 413, 'PAYLOAD_TOO_LARGE'],
  ])('%s: same status and body both ways, nothing stored', async (_name, make, status, code) => {
    const { raw, headers } = make();
    const { fast, framework } = await both(url(), raw, headers);
    expect([fast.status, fast.body.code]).toEqual([status, code]);
    expect(fast.body).toEqual(framework.body);
    expect(framework.status).toBe(status);
    expect(await h.inboundRows()).toEqual([]);
  });

  it('a payload that happens to carry a workspaceId is a delivery like any other, both ways', async () => {
    const raw = JSON.stringify({ workspaceId: 'theirs', events: [{ id: `w${++seq}`, type: 'message', timestamp: Date.now(), contact: { id: 'c2' }, text: 'hi' }] });
    const { fast, framework } = await both(url(), raw, { ...json, 'x-parley-signature': signCustom(SECRET, raw) });
    expect([fast.status, fast.body]).toEqual([200, { accepted: 1, duplicates: 0 }]);
    expect([framework.status, framework.body]).toEqual([200, { accepted: 0, duplicates: 1 }]);
  });

  it('an unknown connection or platform: 404 WEBHOOK_NOT_FOUND both ways', async () => {
    const raw = delivery();
    for (const path of [h.webhook('custom', '00000000-0000-4000-8000-000000000000'), h.webhook('nosuchplatform', h.connectionId)]) {
      const { fast, framework } = await both(path, raw, { ...json, 'x-parley-signature': signCustom(SECRET, raw) });
      expect([fast.status, fast.body]).toEqual([framework.status, framework.body]);
      expect(fast.body.code).toBe('WEBHOOK_NOT_FOUND');
    }
  });

  it('backpressure counts the events waiting for the workers, in the real schema', async () => {
    for (let i = 0; i < 2; i++) {
      const raw = delivery();
      await request(h.t.server).post(url()).set({ ...json, 'x-parley-signature': signCustom(SECRET, raw) }).send(raw).expect(200);
    }
    // Two events wait and no worker runs: over a limit of 1, a delivery is held until the 150 ms cap.
    const gate = new BacklogGate(h.t.db, 1, 150, 10);
    await gate.admit(); // counts in the background
    await new Promise((r) => setTimeout(r, 50));
    let t0 = Date.now();
    await gate.admit();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
    await h.t.db.query(`UPDATE inbound_events SET processed_at = now()`);
    await new Promise((r) => setTimeout(r, 20));
    await gate.admit(); // may wait one more count: it learns the backlog is gone
    t0 = Date.now();
    await gate.admit();
    expect(Date.now() - t0).toBeLessThan(140);
  });

  it('a gzip body or another content type goes to the framework (which inflates or refuses it)', async () => {
    const raw = delivery();
    // superagent would serialise a Buffer as JSON under this content type: the raw bytes go out with node:http.
    const zipped = await postBytes(h.t.server, url(), gzipSync(raw), { ...json, 'content-encoding': 'gzip', 'x-parley-signature': signCustom(SECRET, raw) });
    expect([zipped.status, JSON.parse(zipped.body)]).toEqual([200, { accepted: 1, duplicates: 0 }]);
    expect(zipped.headers['content-security-policy']).toBeDefined();
    const corrupt = await postBytes(h.t.server, url(), Buffer.from('not gzip at all'), { ...json, 'content-encoding': 'gzip' });
    expect([corrupt.status, JSON.parse(corrupt.body).code]).toEqual([400, 'BAD_REQUEST']);
    const text = await request(h.t.server).post(url()).set({ 'content-type': 'text/plain', 'x-parley-signature': signCustom(SECRET, raw) }).send(raw);
    expect(text.status).toBe(401);
  });
});

/** POSTs bytes as they are to the test app's server (it listens on an ephemeral port). */
function postBytes(server: http.Server, path: string, body: Buffer, headers: Record<string, string>): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: (server.address() as AddressInfo).port, path, method: 'POST', headers: { ...headers, 'content-length': String(body.length) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}
