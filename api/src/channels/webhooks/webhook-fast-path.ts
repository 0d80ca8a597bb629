import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Logger } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { INVALID_JSON, payloadTooLarge, toErrorResponse } from '../../common/http-exception.filter';
import { requestIdFor } from '../../common/request-id';
import type { WebhooksService } from './webhooks.service';

/** Meta documents WhatsApp webhook payloads of up to 3 MB; other platforms stay well under it. */
export const WEBHOOK_BODY_LIMIT_BYTES = 3 * 1024 * 1024;

/** `POST /api/webhooks/<platform>/<connectionId>`, exactly: anything else (a query string, %-escapes) takes the app's path. */
const DELIVERY_PATH = /^\/api\/webhooks\/([a-z0-9_-]{1,40})\/([A-Za-z0-9_-]{1,64})\/?$/;
const JSON_TYPE = /^application\/json\s*(;\s*charset\s*=\s*"?utf-8"?\s*)?$/i;

/**
 * Webhook deliveries answered in front of Express and Nest. A delivery is the one request every inbound DM makes,
 * and a CPU profile of the API process under the runtime bench showed the framework around it (helmet, pino-http,
 * cookie-parser, the router, body-parser, Nest's guards, pipes and filters) costing several times the work itself:
 * verify the signature, parse, store (WebhooksService.deliver, the same call the controller makes).
 *
 * It takes only the plain case: POST, that exact path, `application/json` in UTF-8, no Content-Encoding. Anything
 * else goes to Express unchanged (WebhooksController, body-parser's inflation and charsets), so both paths answer
 * the same; the channel e2e specs run through this one. Errors come from the app's own mapping
 * (`toErrorResponse`, `payloadTooLarge`, `INVALID_JSON` in http-exception.filter.ts).
 * Not applied here: helmet's headers (a JSON answer to a platform has no page to protect; nosniff is kept) and the
 * session checks (webhooks are public, authenticated by their signature).
 */
export function installWebhookFastPath(server: Server, webhooks: WebhooksService): void {
  const appListeners = server.listeners('request') as Array<(req: IncomingMessage, res: ServerResponse) => void>;
  server.removeAllListeners('request');
  const logger = new Logger('Webhooks');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const match = req.method === 'POST' ? DELIVERY_PATH.exec(req.url ?? '') : null;
    const type = req.headers['content-type'];
    const encoding = req.headers['content-encoding'];
    if (!match || typeof type !== 'string' || !JSON_TYPE.test(type) || (encoding !== undefined && encoding !== 'identity')) {
      for (const listener of appListeners) listener.call(server, req, res);
      return;
    }
    void deliver(req, res, match[1], match[2], webhooks, logger);
  });
}

async function deliver(req: IncomingMessage, res: ServerResponse, platform: string, connectionId: string, webhooks: WebhooksService, logger: Logger): Promise<void> {
  const started = performance.now();
  const requestId = requestIdFor(req.headers['x-request-id']);
  res.setHeader('X-Request-Id', requestId);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  let status = 200;
  const answer = (a: { status: number; body: unknown }) => {
    status = a.status;
    send(res, a.status, a.body);
  };
  try {
    const raw = await readBody(req);
    // The caller hung up mid-body: nobody to answer, nothing stored.
    if (raw === 'aborted') return;
    if (raw === 'too-large') {
      res.setHeader('Connection', 'close');
      return answer(payloadTooLarge(WEBHOOK_BODY_LIMIT_BYTES));
    }
    const body = parseJson(raw);
    if (body === INVALID) return answer(INVALID_JSON);
    answer({ status: 200, body: await webhooks.deliver(platform, connectionId, raw, req.headers, body) });
  } catch (error) {
    // The app's own mapping (HttpExceptionFilter's): DomainError → its status, body and headers; else a logged 500.
    const mapped = toErrorResponse(error);
    if (mapped.status >= 500) logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    for (const [name, value] of Object.entries(mapped.headers ?? {})) res.setHeader(name, value);
    answer(mapped);
  } finally {
    // The request log line pino-http writes for every other route (the URL has no secret: no query string here).
    const log = PinoLogger.root;
    if (log?.isLevelEnabled('info')) {
      log.info({ req: { id: requestId, method: 'POST', url: req.url }, res: { statusCode: status }, responseTime: Math.round(performance.now() - started) }, 'request completed');
    }
  }
}

/** The body; past the limit (announced by Content-Length or reached while reading) the rest is not read. */
function readBody(req: IncomingMessage): Promise<Buffer | 'too-large' | 'aborted'> {
  const announced = Number(req.headers['content-length']);
  if (announced > WEBHOOK_BODY_LIMIT_BYTES) return Promise.resolve('too-large');
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > WEBHOOK_BODY_LIMIT_BYTES) {
        req.removeAllListeners('data');
        req.pause();
        resolve('too-large');
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size)));
    req.on('error', reject);
    // After 'end' this changes nothing (a promise settles once); before it, the client went away.
    req.on('close', () => resolve('aborted'));
  });
}

const INVALID = Symbol('invalid');

/** As body-parser's strict JSON: an empty body is `{}`, anything but an object or array at the top is refused. */
function parseJson(raw: Buffer): unknown {
  if (raw.length === 0) return {};
  const text = raw.toString('utf8');
  const first = text.trimStart()[0];
  if (first !== '{' && first !== '[') return INVALID;
  try {
    return JSON.parse(text);
  } catch {
    return INVALID;
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  const json = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(json) });
  res.end(json);
}
