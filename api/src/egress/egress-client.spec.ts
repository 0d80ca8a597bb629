import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { EgressClient } from './egress-client';
import { EgressError } from './egress.errors';

// Keep-alive pooling must never weaken pinning: a socket is reused only for the address the request checked.
describe('EgressClient connection reuse', () => {
  let server: http.Server;
  let port: number;
  let connections: number;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      if (req.url === '/big') return res.end(Buffer.alloc(2 * 1024 * 1024));
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ servedOn: req.socket.localAddress }));
    });
    server.on('connection', () => connections++);
    // All interfaces: 127.0.0.1 and 127.0.0.2 both reach it (Linux loopback is a /8).
    await new Promise<void>((r) => server.listen(0, r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));
  beforeEach(() => {
    connections = 0;
  });

  it('reuses one socket for sequential requests to the same pinned address', async () => {
    const client = new EgressClient({ allowHosts: [`127.0.0.1:${port}`] });
    for (let i = 0; i < 5; i++) expect((await client.request({ url: `http://127.0.0.1:${port}/`, method: 'POST', body: { i } })).status).toBe(200);
    expect(connections).toBe(1);
    client.close();
  });

  it('never serves a request on a socket opened for another address of the same name', async () => {
    let n = 0;
    const client = new EgressClient({ allowHosts: [`pool.test:${port}`], resolve: async () => [n++ % 2 === 0 ? '127.0.0.1' : '127.0.0.2'] });
    const served: string[] = [];
    for (let i = 0; i < 6; i++) served.push(((await client.request({ url: `http://pool.test:${port}/` })).json as { servedOn: string }).servedOn);
    expect(served.map((a) => a.replace(/^::ffff:/, ''))).toEqual(['127.0.0.1', '127.0.0.2', '127.0.0.1', '127.0.0.2', '127.0.0.1', '127.0.0.2']);
    expect(connections).toBe(2);
    client.close();
  });

  it('does not pool the socket of a failed request', async () => {
    const client = new EgressClient({ allowHosts: [`127.0.0.1:${port}`] });
    await client.request({ url: `http://127.0.0.1:${port}/` });
    const error = await client.request({ url: `http://127.0.0.1:${port}/big` }).catch((e: unknown) => e);
    expect((error as EgressError).code).toBe('EGRESS_TOO_LARGE');
    await client.request({ url: `http://127.0.0.1:${port}/` });
    expect(connections).toBe(2);
    client.close();
  });

  it('close() ends pooled sockets', async () => {
    const client = new EgressClient({ allowHosts: [`127.0.0.1:${port}`] });
    await client.request({ url: `http://127.0.0.1:${port}/` });
    client.close();
    await client.request({ url: `http://127.0.0.1:${port}/` });
    expect(connections).toBe(2);
    client.close();
  });
});
