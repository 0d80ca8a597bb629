import { lookup } from 'node:dns/promises';
import * as http from 'node:http';
import * as https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { PassThrough, type Readable } from 'node:stream';
import { isBlockedAddress, isBlockedHostName } from './address-policy';
import { EgressError } from './egress.errors';

export interface EgressRequest {
  method?: string;
  url: string;
  headers?: Record<string, string>;
  /** A string or bytes as is; an object is sent as JSON. */
  body?: string | Buffer | Record<string, unknown> | unknown[];
  /** Capped at 10 s. */
  timeoutMs?: number;
  /**
   * `'auto'` (default): textual and untyped answers become a string, JSON is parsed. `'buffer'`: the body is the
   * bytes exactly as received, never decoded or parsed (media downloads: binaries often come without a type).
   */
  responseType?: 'auto' | 'buffer';
}

export interface EgressResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Text for textual content types, bytes otherwise. */
  body: Buffer | string;
  /** Parsed when the response is JSON. */
  json?: unknown;
}

/** The answer to a `responseType: 'buffer'` request. */
export interface EgressBufferResponse extends EgressResponse {
  body: Buffer;
  json?: undefined;
}

/**
 * The answer to `stream`: the body as it arrives, capped (it fails with EGRESS_TOO_LARGE past the limit) and
 * bound by the request's deadline until it ends. Read it or destroy it: either frees the connection.
 */
export interface EgressStreamResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Readable;
}

export interface EgressOptions {
  /** `host:port` or `host:*` entries that may be reached even on loopback/private addresses (tests, local setups). */
  allowHosts?: readonly string[];
  /** DNS: all addresses of a name. Tests inject their own so no real lookup happens. */
  resolve?: (hostname: string) => Promise<string[]>;
  /** Called with the pinned address just before connecting; throwing aborts (tests assert refusals never get here). */
  onConnect?: (address: string, port: number, hostname: string) => void;
  maxResponseBytes?: number;
  maxRedirects?: number;
}

const MAX_TIMEOUT_MS = 10_000;
// Connection reuse: sockets per (scheme, pinned address, port, TLS name), idle ones closed before common server
// keep-alive timeouts (Node's 5 s) so a send rarely meets a socket the server is closing; at most this many keys.
const SOCKETS_PER_KEY = 32;
// As many kept as may be busy: the dispatcher sends up to 32 at once, and with 8 kept every burst closed the other
// 24 sockets and opened them again (connect and close were ~3% of a worker's CPU in the runtime bench). LIFO reuse
// lets the idle timeout close what a quieter period no longer needs.
const FREE_SOCKETS_PER_KEY = SOCKETS_PER_KEY;
const IDLE_SOCKET_MS = 4_000;
const MAX_AGENT_KEYS = 256;
const DEFAULT_MAX_BYTES = 1024 * 1024;
// Headers a caller may not set: they would retarget the request or talk to cloud metadata services.
const DENIED_HEADER = /^(host|connection|transfer-encoding|content-length|proxy-.*|x-aws-ec2-.*|metadata-flavor|x-google-metadata-.*|x-forwarded-.*|forwarded)$/i;

/**
 * The one outbound HTTP client (reliability rule 1). Only http/https on ports 80/443 (plus the allowlist); the
 * name is resolved once, every address checked, and the socket pinned to the checked address (no DNS rebinding);
 * redirects are followed by hand (at most 3), each hop checked again; 10 s total, 1 MB response. Connections are
 * kept alive per pinned address (see `agentFor`).
 */
export class EgressClient {
  private readonly allow: Array<{ host: string; port: string }>;
  private readonly resolve: (hostname: string) => Promise<string[]>;
  /** Keep-alive agents, least recently used first (Map order). */
  private readonly agents = new Map<string, http.Agent>();

  constructor(private readonly options: EgressOptions = {}) {
    this.allow = (options.allowHosts ?? []).map(parseAllowEntry).filter((e): e is { host: string; port: string } => !!e);
    this.resolve = options.resolve ?? (async (host) => (await lookup(host, { all: true, verbatim: true })).map((a) => a.address));
  }

  /**
   * App shutdown: closes the idle pooled sockets now and the busy ones as soon as their request ends (a send in
   * flight is not cut off); later requests open new ones.
   */
  close(): void {
    for (const agent of this.agents.values()) {
      agent.keepSocketAlive = () => false;
      for (const sockets of Object.values(agent.freeSockets)) for (const socket of sockets ?? []) socket.destroy();
    }
    this.agents.clear();
  }

  onApplicationShutdown(): void {
    this.close();
  }

  request(req: EgressRequest & { responseType: 'buffer' }): Promise<EgressBufferResponse>;
  request(req: EgressRequest): Promise<EgressResponse>;
  async request(req: EgressRequest): Promise<EgressResponse> {
    const { status, headers, body } = await this.stream(req);
    const bytes = await collect(body);
    return req.responseType === 'buffer' ? { status, headers, body: bytes } : decode(status, headers, bytes);
  }

  /**
   * The request with every check, each redirect hop checked again; resolves at the final answer's head, with its
   * bytes as a stream (media served without holding a whole file in memory).
   */
  async stream(req: Omit<EgressRequest, 'responseType'>): Promise<EgressStreamResponse> {
    const deadline = Date.now() + Math.min(req.timeoutMs ?? MAX_TIMEOUT_MS, MAX_TIMEOUT_MS);
    const headers = checkHeaders(req.headers ?? {});
    let body = encodeBody(req.body, headers);
    let method = (req.method ?? 'GET').toUpperCase();
    let url = req.url;
    for (let hop = 0; ; hop++) {
      const target = await this.check(url);
      const res = await this.open(target, method, headers, body, deadline);
      const location = res.headers.location;
      if (res.status < 300 || res.status >= 400 || res.status === 304 || typeof location !== 'string') return res;
      res.body.destroy(); // a redirect's own body is never read
      if (hop >= (this.options.maxRedirects ?? 3)) throw new EgressError('EGRESS_TOO_MANY_REDIRECTS', 'Too many redirects.', url);
      const next = new URL(location, url);
      // Credentials were given for the first origin only: like browsers and curl, they are not carried to another
      // one (a redirect must not leak a platform token or an http-request node's secret to a third party).
      if (next.origin !== new URL(url).origin) for (const name of CREDENTIAL_HEADERS) delete headers[name];
      url = next.toString();
      // 303 (and historically 301/302 on POST) turn into a GET without a body; 307/308 keep both.
      if (res.status === 303 || ((res.status === 301 || res.status === 302) && method === 'POST')) {
        method = 'GET';
        body = undefined;
        delete headers['content-type'];
      }
    }
  }

  /** Validates a URL and returns the address to pin; throws EGRESS_BLOCKED before any connection. */
  private async check(raw: string): Promise<{ url: URL; address: string; port: number }> {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw blockedError('not a valid URL', raw);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw blockedError('scheme not allowed', raw);
    if (url.username || url.password) throw blockedError('credentials in URL', raw);
    const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
    const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
    const allowed = this.allow.some((e) => e.host === host && (e.port === '*' || Number(e.port) === port));
    if (!allowed) {
      if (port !== 80 && port !== 443) throw blockedError('port not allowed', raw);
      if (isBlockedHostName(host)) throw blockedError('host name not allowed', raw);
    }
    const addresses = isIP(host) ? [host] : await this.resolve(host).catch((e) => Promise.reject(new EgressError('EGRESS_NETWORK', 'The host name could not be resolved.', String(e))));
    if (!addresses.length) throw new EgressError('EGRESS_NETWORK', 'The host name could not be resolved.', host);
    // Every answer must pass, so a mixed public/private answer is refused rather than raced.
    if (!allowed && addresses.some(isBlockedAddress)) throw blockedError('address not allowed', `${raw} → ${addresses.join(',')}`);
    return { url, address: addresses[0], port };
  }

  /** One hop: connects to the pinned address; resolves at the answer's head with the capped body stream. */
  private open(target: { url: URL; address: string; port: number }, method: string, headers: Record<string, string>, body: Buffer | undefined, deadline: number): Promise<EgressStreamResponse> {
    const { url, address, port } = target;
    this.options.onConnect?.(address, port, url.hostname);
    const family = isIP(address);
    // Pinning: the socket connects to the address we checked, whatever DNS says now; TLS still verifies the name.
    const pinned: LookupFunction = (_host, opts, cb) => (opts.all ? cb(null, [{ address, family }]) : cb(null, address, family));
    const transport = url.protocol === 'https:' ? https : http;
    const limit = this.options.maxResponseBytes ?? DEFAULT_MAX_BYTES;
    return new Promise<EgressStreamResponse>((resolve, reject) => {
      const timeLeft = deadline - Date.now();
      if (timeLeft <= 0) return reject(new EgressError('EGRESS_TIMEOUT', 'The request timed out.'));
      const agent = this.agentFor(url, address, port);
      const req = transport.request(url, { method, headers: body ? { ...headers, 'content-length': String(body.length) } : headers, lookup: pinned, agent });
      const content = new PassThrough();
      // Errors after the head are read through the stream (iteration, pipeline); this only stops an unread one crashing.
      content.on('error', () => undefined);
      let headGiven = false;
      // Before the head a failure rejects; after it, it fails the body stream. Either way the socket is closed.
      const fail = (error: unknown) => {
        clearTimeout(timer);
        const egressError = error instanceof EgressError ? error : new EgressError('EGRESS_NETWORK', 'The request failed.', String(error));
        if (headGiven) content.destroy(egressError);
        else reject(egressError);
        req.destroy();
      };
      const timer = setTimeout(() => fail(new EgressError('EGRESS_TIMEOUT', 'The request timed out.')), timeLeft);
      req.on('error', fail);
      req.on('response', (res) => {
        // A declared length over the cap is refused before anything is passed on.
        if (Number(res.headers['content-length']) > limit) return fail(tooLarge());
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > limit) return fail(tooLarge());
          if (!content.write(chunk)) res.pause();
        });
        content.on('drain', () => res.resume());
        res.on('error', fail);
        res.on('end', () => {
          clearTimeout(timer);
          content.end();
        });
        // The reader gave up (a redirect, a client gone): stop downloading.
        content.on('close', () => {
          if (!res.complete) fail(new EgressError('EGRESS_NETWORK', 'The response was abandoned.'));
        });
        headGiven = true;
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: content });
      });
      req.end(body);
    });
  }

  /**
   * The keep-alive agent for exactly this pinned address: a pooled socket is only ever reused for the address that
   * passed the checks of the request using it (a new DNS answer gives a new key, never an old socket). The TLS name
   * is part of the key so a socket verified for one name never serves another. Failed requests destroy their
   * socket (`fail`), so only sockets that ended a response cleanly go back to the pool.
   */
  private agentFor(url: URL, address: string, port: number): http.Agent {
    const key = `${url.protocol}//${address}|${port}|${url.hostname}`;
    let agent = this.agents.get(key);
    if (agent) {
      this.agents.delete(key); // re-inserted below: most recently used last
    } else {
      const options = { keepAlive: true, maxSockets: SOCKETS_PER_KEY, maxFreeSockets: FREE_SOCKETS_PER_KEY, timeout: IDLE_SOCKET_MS, scheduling: 'lifo' as const };
      agent = url.protocol === 'https:' ? new https.Agent(options) : new http.Agent(options);
      // Past the cap the least recently used key is forgotten, not destroyed: its requests in flight finish and its
      // idle sockets close on their own idle timeout.
      if (this.agents.size >= MAX_AGENT_KEYS) this.agents.delete(this.agents.keys().next().value as string);
    }
    this.agents.set(key, agent);
    return agent;
  }
}

async function collect(body: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The `'auto'` view: text for textual (and untyped) content types, parsed JSON when it is JSON. */
function decode(status: number, headers: http.IncomingHttpHeaders, bytes: Buffer): EgressResponse {
  const type = String(headers['content-type'] ?? '');
  const textual = /^(text\/|application\/(json|.*\+json|xml|x-www-form-urlencoded|javascript))/i.test(type) || type === '';
  const body = textual ? bytes.toString('utf8') : bytes;
  let json: unknown;
  if (/json/i.test(type) && typeof body === 'string' && body.length) {
    try {
      json = JSON.parse(body);
    } catch {
      json = undefined;
    }
  }
  return { status, headers, body, json };
}

/** Headers that carry credentials; dropped on a redirect to another origin. */
const CREDENTIAL_HEADERS = ['authorization', 'cookie', 'proxy-authorization'];

function checkHeaders(given: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(given)) {
    if (DENIED_HEADER.test(name) || /[\r\n\0]/.test(name) || /[\r\n\0]/.test(String(value)) || !/^[!#$%&'*+.^_`|~\w-]+$/.test(name)) {
      throw blockedError('header not allowed', name);
    }
    out[name.toLowerCase()] = String(value);
  }
  return out;
}

function encodeBody(body: EgressRequest['body'], headers: Record<string, string>): Buffer | undefined {
  if (body === undefined) return undefined;
  if (typeof body === 'string' || Buffer.isBuffer(body)) return Buffer.from(body);
  headers['content-type'] ??= 'application/json';
  return Buffer.from(JSON.stringify(body));
}

function tooLarge(): EgressError {
  return new EgressError('EGRESS_TOO_LARGE', 'The response is too large.');
}

function blockedError(reason: string, detail: string): EgressError {
  return new EgressError('EGRESS_BLOCKED', 'This address is not allowed for outbound requests.', `${reason}: ${detail}`);
}

function parseAllowEntry(entry: string): { host: string; port: string } | null {
  const m = /^\[?([^\]]+?)\]?:(\d+|\*)$/.exec(entry.trim());
  return m ? { host: m[1].toLowerCase(), port: m[2] } : null;
}
