import { bad, type FakeReply, type FakeServer, type Received } from './fake-server';
import { graphFake, GRAPH_ERRORS } from './meta-graph-fake';

export interface FakeMedia {
  bytes: Buffer;
  mimeType: string;
}

/** A message template as `GET /{waba-id}/message_templates` lists it. */
export interface FakeTemplate {
  name: string;
  language: string;
  status: string;
  category: string;
  components: Array<Record<string, unknown>>;
}

/**
 * The WhatsApp Cloud API: `POST /{version}/{phone-number-id}/messages`, and media by id: `GET /{version}/{media-id}`
 * answers a URL (like lookaside.fbsbx.com's) that serves the bytes only with the same bearer token. With `wabaId`, the
 * business account's templates: `GET /{version}/{waba-id}/message_templates?fields=…&limit=&after=`, paged by
 * cursor (`paging.cursors.after`, and `paging.next` while more follow), `templates` can be changed between calls.
 */
export function whatsappFake(opts: { version?: string; phoneNumberId: string; token: string; media?: Record<string, FakeMedia>; wabaId?: string; templates?: FakeTemplate[] }) {
  const version = opts.version ?? 'v25.0';
  const media = opts.media ?? {};
  const server: FakeServer = graphFake({
    version,
    tokens: { [opts.phoneNumberId]: opts.token },
    validate: validateWhatsApp,
    success: (body, n) => ({ messaging_product: 'whatsapp', contacts: [{ input: body.to, wa_id: body.to }], messages: [{ id: `wamid.FAKE${n}` }] }),
    extra: (req, url) => templatesRoute(req, url) ?? mediaRoute(req, url),
  });
  return server;

  function templatesRoute(req: Received, url: URL): FakeReply | null {
    const match = new RegExp(`^/${version}/([^/]+)/message_templates$`).exec(url.pathname);
    if (!match || req.method !== 'GET') return null;
    if ((req.headers.authorization ?? '') !== `Bearer ${opts.token}`) return GRAPH_ERRORS.tokenExpired;
    if (!opts.wabaId || decodeURIComponent(match[1]) !== opts.wabaId) {
      return bad(400, { error: { message: `Unsupported get request. Object with ID '${match[1]}' does not exist`, type: 'GraphMethodException', code: 100, error_subcode: 33, fbtrace_id: 'AbCdEf' } });
    }
    const all = opts.templates ?? [];
    const limit = Math.min(Number(url.searchParams.get('limit') ?? 25) || 25, 100);
    const after = url.searchParams.get('after');
    const start = after ? Number(Buffer.from(after, 'base64').toString()) : 0;
    const fields = (url.searchParams.get('fields') ?? 'name,status,id').split(',');
    const data = all.slice(start, start + limit).map((t, i) => ({ ...Object.fromEntries(fields.map((f) => [f, (t as unknown as Record<string, unknown>)[f]])), id: String(1000 + start + i) }));
    const cursor = (n: number) => Buffer.from(String(n)).toString('base64');
    const hasMore = start + limit < all.length;
    const next = new URL(url.toString().replace('http://fake', server.url));
    next.searchParams.set('after', cursor(start + limit));
    return {
      status: 200,
      body: { data, paging: { cursors: { before: cursor(start), after: cursor(start + data.length) }, ...(hasMore ? { next: next.toString() } : {}) } },
    };
  }

  function mediaRoute(req: Received, url: URL): FakeReply | null {
    if (req.method !== 'GET') return null;
    const bearer = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    const download = /^\/whatsapp-media\/([^/]+)$/.exec(url.pathname);
    if (download) {
      const file = media[decodeURIComponent(download[1])];
      if (bearer !== opts.token) return bad(401, { error: { message: 'Unauthorized', code: 190 } });
      return file ? { status: 200, body: null, raw: file.bytes, headers: { 'content-type': file.mimeType } } : bad(404, { error: { message: 'Not found' } });
    }
    const lookup = new RegExp(`^/${version}/([^/]+)$`).exec(url.pathname);
    if (!lookup) return null;
    if (bearer !== opts.token) return GRAPH_ERRORS.tokenExpired;
    const phone = url.searchParams.get('phone_number_id');
    const id = decodeURIComponent(lookup[1]);
    const file = media[id];
    if (!file || (phone && phone !== opts.phoneNumberId)) {
      return bad(400, { error: { message: `Unsupported get request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`, type: 'GraphMethodException', code: 100, error_subcode: 33, fbtrace_id: 'AbCdEf' } });
    }
    return {
      status: 200,
      body: { messaging_product: 'whatsapp', url: `${server.url}/whatsapp-media/${encodeURIComponent(id)}?ext=1`, mime_type: file.mimeType, sha256: 'fake', file_size: file.bytes.length, id },
    };
  }
}

function validateWhatsApp(body: Record<string, unknown>): string | null {
  if (body.messaging_product !== 'whatsapp') return 'messaging_product must be whatsapp';
  if (typeof body.to !== 'string' || !body.to) return 'to is required';
  const type = String(body.type ?? 'text');
  const content = body[type] as Record<string, unknown> | undefined;
  if (!content) return `${type} object is required`;
  if (type === 'text' && (typeof content.body !== 'string' || Array.from(content.body).length > 4096)) return 'text.body must be 1-4096 characters';
  if (type === 'interactive') {
    const action = content.action as Record<string, unknown> | undefined;
    if (content.type === 'button' && (!Array.isArray(action?.buttons) || action.buttons.length > 3)) return 'interactive buttons: 1-3';
    if (content.type === 'list' && !Array.isArray(action?.sections)) return 'interactive list needs sections';
    if (Array.from(String((content.body as { text?: string })?.text ?? '')).length > 4096) return 'body text too long';
  }
  return null;
}
