import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { EgressClient, EgressError } from '../../api/src/egress';

/**
 * Reliability checks B1–B5: the egress client refuses private, loopback, link-local and metadata targets before
 * any connection (asserted through the injected resolver and connect hook: no socket ever opens to them), pins
 * the socket to the checked address, re-checks redirects, and caps headers, size and time. Only loopback
 * servers on allowlisted ports are really contacted.
 */
const ALL_BYTES = Buffer.from(Array.from({ length: 256 }, (_, i) => i));

describe('EgressClient (SSRF guard)', () => {
  const connects: string[] = [];
  const lookups: string[] = [];
  let server: http.Server;
  let port: number;
  // A second origin (another port) for redirects that leave the first one.
  let other: http.Server;
  let otherPort: number;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const u = new URL(req.url!, 'http://x');
      if (u.pathname === '/ok') return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ host: req.headers.host }));
      // Every byte value, and no content type: what media CDNs often send.
      if (u.pathname === '/binary') return res.writeHead(200).end(ALL_BYTES);
      if (u.pathname === '/3mb') return res.writeHead(200, { 'content-length': String(3 * 1024 * 1024) }).end(Buffer.alloc(3 * 1024 * 1024, 7));
      if (u.pathname === '/headers') return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(req.headers));
      if (u.pathname === '/to-headers') return res.writeHead(302, { location: '/headers' }).end();
      if (u.pathname === '/to-other-origin') return res.writeHead(307, { location: `http://127.0.0.1:${otherPort}/headers` }).end();
      if (u.pathname === '/to-binary') return res.writeHead(302, { location: '/binary' }).end();
      if (u.pathname === '/to-imds') return res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
      if (u.pathname === '/to-private') return res.writeHead(307, { location: 'http://internal.example/' }).end();
      if (u.pathname === '/loop') return res.writeHead(302, { location: `/loop?n=${Number(u.searchParams.get('n') ?? 0) + 1}` }).end();
      if (u.pathname === '/big') {
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        const chunk = Buffer.alloc(64 * 1024, 1);
        let sent = 0;
        const pump = () => {
          while (sent < 4 * 1024 * 1024 && res.write(chunk)) sent += chunk.length;
          if (sent < 4 * 1024 * 1024) res.once('drain', pump);
          else res.end();
        };
        return pump();
      }
      if (u.pathname === '/slow') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        const t = setInterval(() => res.write('.'), 50);
        res.on('close', () => clearInterval(t));
        return;
      }
      res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
    other = http.createServer((req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(req.headers)));
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
    otherPort = (other.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise<void>((r) => server.close(() => r()));
    await new Promise<void>((r) => other.close(() => r()));
  });
  beforeEach(() => {
    connects.length = 0;
    lookups.length = 0;
  });

  // A test DNS: names map to fixed answers; the real resolver is never used.
  const dns: Record<string, string[]> = {
    'public.example': ['93.184.216.34'],
    'internal.example': ['10.0.0.5'],
    'mixed.example': ['93.184.216.34', '192.168.1.10'],
    'v6private.example': ['fd00::1'],
    'metadata.google.internal': ['169.254.169.254'],
  };
  const client = (extra: Partial<ConstructorParameters<typeof EgressClient>[0]> = {}) =>
    new EgressClient({
      allowHosts: [`127.0.0.1:${port}`],
      resolve: async (h) => {
        lookups.push(h);
        return dns[h] ?? [];
      },
      onConnect: (address, p) => {
        connects.push(`${address}:${p}`);
        if (address !== '127.0.0.1') throw new EgressError('EGRESS_NETWORK', 'test: no real connection', address);
      },
      ...extra,
    });
  const blocked = async (url: string, init: Partial<Parameters<EgressClient['request']>[0]> = {}, c = client()) => {
    const error = await c.request({ url, ...init }).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(EgressError);
    expect((error as EgressError).code).toBe('EGRESS_BLOCKED');
  };

  it('B1: refuses loopback, private, link-local, metadata, odd encodings, credentials, schemes and ports before connecting', async () => {
    const urls = [
      'http://127.0.0.1/', 'http://localhost/', 'http://0.0.0.0/', 'http://[::1]/', 'http://[::ffff:127.0.0.1]/', 'http://2130706433/',
      'http://0177.0.0.1/', 'http://0x7f000001/', 'http://127.1/', 'http://user@127.0.0.1/', 'http://user:pw@public.example/',
      'http://169.254.169.254/latest/meta-data/', 'http://[fd00:ec2::254]/', 'http://metadata.google.internal/', 'http://10.1.2.3/',
      'http://172.16.0.1/', 'http://172.31.255.255/', 'http://192.168.0.1/', 'http://100.64.0.1/', 'http://[fe80::1]/',
      'http://[64:ff9b::a00:1]/', 'file:///etc/passwd', 'gopher://public.example/', 'ftp://public.example/', 'http://public.example:8080/',
      `http://127.0.0.1:${port + 1}/`, 'http://public.example:22/',
    ];
    for (const url of urls) await blocked(url);
    expect(connects).toEqual([]);
  });

  it('B2: refuses names that resolve to private addresses, mixed answers and private AAAA', async () => {
    for (const url of ['http://internal.example/', 'http://mixed.example/', 'http://v6private.example/']) await blocked(url);
    expect(connects).toEqual([]);
  });

  it('B3: pins the socket to the checked address while DNS rebinds (1000 attempts, 0 private connects)', async () => {
    let flip = 0;
    const c = client({
      resolve: async () => (flip++ % 2 === 0 ? ['93.184.216.34'] : ['127.0.0.1']),
    });
    for (let i = 0; i < 1000; i++) await c.request({ url: 'http://rebind.example/' }).catch(() => undefined);
    expect(connects.length).toBe(500);
    expect(new Set(connects)).toEqual(new Set(['93.184.216.34:80']));
  });

  it('B4: re-checks every redirect hop and stops after 3', async () => {
    await blocked(`http://127.0.0.1:${port}/to-imds`);
    await blocked(`http://127.0.0.1:${port}/to-private`);
    expect(connects.every((c) => c === `127.0.0.1:${port}`)).toBe(true);
    const error = await client().request({ url: `http://127.0.0.1:${port}/loop` }).catch((e: EgressError) => e);
    expect((error as EgressError).code).toBe('EGRESS_TOO_MANY_REDIRECTS');
    expect(connects.filter((c) => c === `127.0.0.1:${port}`).length).toBe(2 + 4);
  });

  it('B5: rejects dangerous headers, caps the response at 1 MB and the time', async () => {
    for (const headers of <Array<Record<string, string>>>[{ 'X-aws-ec2-metadata-token-ttl-seconds': '21600' }, { Host: 'internal' }, { 'x-a': 'b\r\nHost: evil' }, { 'bad\nname': 'x' }]) {
      await blocked(`http://127.0.0.1:${port}/ok`, { headers });
    }
    const big = await client().request({ url: `http://127.0.0.1:${port}/big` }).catch((e: EgressError) => e);
    expect((big as EgressError).code).toBe('EGRESS_TOO_LARGE');
    const started = Date.now();
    const slow = await client().request({ url: `http://127.0.0.1:${port}/slow`, timeoutMs: 300 }).catch((e: EgressError) => e);
    expect((slow as EgressError).code).toBe('EGRESS_TIMEOUT');
    expect(Date.now() - started).toBeLessThan(2000);
    const capped = await client().request({ url: `http://127.0.0.1:${port}/slow`, timeoutMs: 60_000 }).catch((e: EgressError) => e);
    expect((capped as EgressError).code).toBe('EGRESS_TIMEOUT'); // 10 s ceiling whatever the caller asks
  }, 20_000);

  it('keeps credentials on a same-origin redirect and drops them on a redirect to another origin', async () => {
    const c = client({ allowHosts: [`127.0.0.1:${port}`, `127.0.0.1:${otherPort}`] });
    const credentials = { Authorization: 'Bearer secret-token', Cookie: 'sid=1', 'X-Trace': 'kept' };
    const same = await c.request({ url: `http://127.0.0.1:${port}/to-headers`, headers: credentials });
    expect(same.json).toMatchObject({ authorization: 'Bearer secret-token', cookie: 'sid=1', 'x-trace': 'kept' });
    const cross = await c.request({ url: `http://127.0.0.1:${port}/to-other-origin`, headers: credentials });
    expect(cross.status).toBe(200);
    expect(cross.json).toMatchObject({ host: `127.0.0.1:${otherPort}`, 'x-trace': 'kept' });
    expect(cross.json).not.toHaveProperty('authorization');
    expect(cross.json).not.toHaveProperty('cookie');
  });

  it('reaches an allowlisted loopback port and parses JSON', async () => {
    const res = await client().request({ url: `http://127.0.0.1:${port}/ok`, method: 'POST', body: { a: 1 } });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ host: `127.0.0.1:${port}` });
  });

  describe("responseType: 'buffer' (media)", () => {
    it('gives the bytes exactly as received when there is no content type, after a redirect; the default still decodes text', async () => {
      const res = await client().request({ url: `http://127.0.0.1:${port}/to-binary`, responseType: 'buffer' });
      expect(res.status).toBe(200);
      expect(Buffer.isBuffer(res.body) && res.body.equals(ALL_BYTES)).toBe(true);
      expect(res.json).toBeUndefined();
      const auto = await client().request({ url: `http://127.0.0.1:${port}/binary` });
      expect(typeof auto.body).toBe('string');
      const json = await client().request({ url: `http://127.0.0.1:${port}/ok`, responseType: 'buffer' });
      expect([json.json, JSON.parse(json.body.toString('utf8'))]).toEqual([undefined, { host: `127.0.0.1:${port}` }]);
    });

    it('keeps every guard: blocked targets and redirect hops, the size cap', async () => {
      await blocked('http://internal.example/', { responseType: 'buffer' });
      await blocked(`http://127.0.0.1:${port}/to-imds`, { responseType: 'buffer' });
      expect(connects.every((c) => c === `127.0.0.1:${port}`)).toBe(true);
      const big = await client().request({ url: `http://127.0.0.1:${port}/big`, responseType: 'buffer' }).catch((e: EgressError) => e);
      expect((big as EgressError).code).toBe('EGRESS_TOO_LARGE');
      // The cap is the client's own: the media client's is larger than 1 MB.
      const over = await client().request({ url: `http://127.0.0.1:${port}/3mb`, responseType: 'buffer' }).catch((e: EgressError) => e);
      expect((over as EgressError).code).toBe('EGRESS_TOO_LARGE');
      const roomy = await client({ maxResponseBytes: 4 * 1024 * 1024 }).request({ url: `http://127.0.0.1:${port}/3mb`, responseType: 'buffer' });
      expect(roomy.body.length).toBe(3 * 1024 * 1024);
    });
  });

  describe('stream (media served as it arrives)', () => {
    const read = async (body: NodeJS.ReadableStream) => {
      const chunks: Buffer[] = [];
      for await (const chunk of body) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    };

    it('streams the exact bytes after the redirect hops, which are checked like any request', async () => {
      const res = await client().stream({ url: `http://127.0.0.1:${port}/to-binary` });
      expect([res.status, (await read(res.body)).equals(ALL_BYTES)]).toEqual([200, true]);
      const refused = await client().stream({ url: `http://127.0.0.1:${port}/to-imds` }).catch((e: EgressError) => e);
      expect((refused as EgressError).code).toBe('EGRESS_BLOCKED');
    });

    it('refuses a declared length over the cap before the head, and fails an undeclared one past the cap mid-stream', async () => {
      const declared = await client().stream({ url: `http://127.0.0.1:${port}/3mb` }).catch((e: EgressError) => e);
      expect((declared as EgressError).code).toBe('EGRESS_TOO_LARGE');
      const res = await client().stream({ url: `http://127.0.0.1:${port}/big` });
      let received = 0;
      const error = await (async () => {
        for await (const chunk of res.body) received += (chunk as Buffer).length;
      })().then(() => null, (e: unknown) => e);
      expect((error as EgressError).code).toBe('EGRESS_TOO_LARGE');
      expect(received).toBeLessThanOrEqual(1024 * 1024);
    });

    it('keeps the deadline while the body streams', async () => {
      const res = await client().stream({ url: `http://127.0.0.1:${port}/slow`, timeoutMs: 300 });
      const error = await read(res.body).then(() => null, (e: unknown) => e);
      expect((error as EgressError).code).toBe('EGRESS_TIMEOUT');
    });
  });
});
