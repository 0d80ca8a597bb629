import { bad, FakeServer, type FakeReply, type Received } from './fake-server';

/** Real Graph error bodies (channels.md §1.5, §3), to be queued with `failNext`. */
export const GRAPH_ERRORS = {
  windowClosed: bad(400, { error: { message: '(#10) This message is sent outside of allowed window. Learn more about the new policy here: https://developers.facebook.com/docs/messenger-platform/policy-overview', type: 'OAuthException', code: 10, error_subcode: 2018278, fbtrace_id: 'AbCdEf' } }),
  igWindowClosed: bad(400, { error: { message: '(#10) This message is sent outside of allowed window.', type: 'OAuthException', code: 10, error_subcode: 2534022, fbtrace_id: 'AbCdEf' } }),
  rateLimited: bad(400, { error: { message: '(#613) Calls to this api have exceeded the rate limit.', type: 'OAuthException', code: 613, fbtrace_id: 'AbCdEf' } }),
  tokenExpired: bad(400, { error: { message: 'Error validating access token: Session has expired on Tuesday, 01-Dec-26 10:00:00 PST.', type: 'OAuthException', code: 190, error_subcode: 463, fbtrace_id: 'AbCdEf' } }),
  transient: bad(500, { error: { message: 'An unexpected error has occurred. Please retry your request later.', type: 'OAuthException', code: 2, is_transient: true, fbtrace_id: 'AbCdEf' } }),
  personUnavailable: bad(400, { error: { message: "(#551) This person isn't available right now.", type: 'OAuthException', code: 551, fbtrace_id: 'AbCdEf' } }),
  waWindowClosed: bad(400, { error: { message: '(#131047) Re-engagement message', type: 'OAuthException', code: 131047, error_data: { messaging_product: 'whatsapp', details: 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.' }, fbtrace_id: 'AbCdEf' } }),
  waRateLimited: bad(400, { error: { message: '(#130429) Rate limit hit', type: 'OAuthException', code: 130429, error_data: { messaging_product: 'whatsapp', details: 'Cloud API message throughput has been reached.' }, fbtrace_id: 'AbCdEf' } }),
} satisfies Record<string, FakeReply>;

export interface GraphFakeOptions {
  version: string;
  /** Accepted tokens by sender id (page id, IG id, phone number id). */
  tokens: Record<string, string>;
  /** Validates the body of a `/{id}/messages` call; returns an error message or null. */
  validate: (body: Record<string, unknown>) => string | null;
  /** The success body of a send. */
  success: (body: Record<string, unknown>, n: number) => unknown;
  /** Other routes of the platform (WhatsApp media): a reply, or null to fall through to the send API. */
  extra?: (req: Received, url: URL) => FakeReply | null;
}

const invalid = (message: string): FakeReply => bad(400, { error: { message: `(#100) ${message}`, type: 'OAuthException', code: 100, fbtrace_id: 'AbCdEf' } });

/** A Graph API: `POST /{version}/{id}/messages` (and `/{comment-id}/replies`), bearer or `access_token` auth. */
export function graphFake(options: GraphFakeOptions): FakeServer {
  let n = 0;
  return new FakeServer((req: Received) => {
    const url = new URL(req.path, 'http://fake');
    const other = options.extra?.(req, url);
    if (other) return other;
    const match = new RegExp(`^/${options.version}/([^/]+)/(messages|replies)$`).exec(url.pathname);
    if (req.method !== 'POST' || !match) return bad(404, { error: { message: 'Unknown path components', type: 'OAuthException', code: 2500 } });
    const token = (req.headers.authorization ?? '').replace(/^Bearer /, '') || url.searchParams.get('access_token') || '';
    const known = Object.values(options.tokens);
    if (!known.includes(token) || (match[2] === 'messages' && options.tokens[match[1]] !== undefined && options.tokens[match[1]] !== token)) return GRAPH_ERRORS.tokenExpired;
    if (match[2] === 'replies') return typeof req.body.message === 'string' ? { status: 200, body: { id: `reply_${++n}` } } : invalid('message is required');
    const problem = options.validate(req.body);
    return problem ? invalid(problem) : { status: 200, body: options.success(req.body, ++n) };
  });
}
