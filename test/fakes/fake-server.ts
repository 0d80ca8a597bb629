import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request a fake received: method, path (with query), headers and the parsed JSON body. */
export interface Received {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Record<string, unknown>;
}

export interface FakeReply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /** Bytes sent as they are (media downloads) instead of `body` as JSON. */
  raw?: Buffer;
}

export type FakeHandler = (req: Received) => FakeReply;

/**
 * A local HTTP server on 127.0.0.1 and a random port that records every request and answers through a handler.
 * `failNext(reply)` queues canned failures (the platform's real error bodies) ahead of the handler.
 */
export class FakeServer {
  readonly received: Received[] = [];
  private readonly failures: FakeReply[] = [];
  private server?: http.Server;
  url = '';
  host = '';

  /** `keepHistory: false` (benchmarks): `received` stays empty, so a long run does not hold every request. */
  constructor(
    private readonly handler: FakeHandler,
    private readonly options: { keepHistory?: boolean } = {},
  ) {}

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: Record<string, unknown> = {};
        try {
          body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
        } catch {
          body = { __invalidJson: text };
        }
        const received: Received = { method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, body };
        if (this.options.keepHistory !== false) this.received.push(received);
        const reply = this.failures.shift() ?? this.handler(received);
        // Raw bytes (media) go out with their length declared, as CDNs do; no type unless the reply gives one.
        res.writeHead(reply.status, reply.raw ? { 'content-length': String(reply.raw.length), ...(reply.headers ?? {}) } : { 'content-type': 'application/json', ...(reply.headers ?? {}) });
        res.end(reply.raw ?? JSON.stringify(reply.body));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.host = `127.0.0.1:${port}`;
    this.url = `http://${this.host}`;
    return this;
  }

  failNext(...replies: FakeReply[]): void {
    this.failures.push(...replies);
  }

  /** Requests to paths matching `pattern` (sends, not acknowledgements). */
  sent(pattern: RegExp = /./): Received[] {
    return this.received.filter((r) => pattern.test(r.path));
  }

  reset(): void {
    this.received.length = 0;
    this.failures.length = 0;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

export const bad = (status: number, body: unknown, headers?: Record<string, string>): FakeReply => ({ status, body, headers });
