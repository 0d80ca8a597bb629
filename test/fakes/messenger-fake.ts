import { graphFake } from './meta-graph-fake';
import { validateMetaMessage } from './meta-message-shape';

/**
 * The Messenger Send API: `POST /{version}/{page-id}/messages`; `cdn` stands in for Meta's CDN (pre-signed
 * attachment URLs, served without credentials; without `contentType` the file goes out with no type at all).
 */
export function messengerFake(opts: { version?: string; pageId: string; token: string; cdn?: Record<string, { bytes: Buffer; contentType?: string }> }) {
  return graphFake({
    extra: (req, url) => {
      const file = req.method === 'GET' ? opts.cdn?.[url.pathname] : undefined;
      return file ? { status: 200, body: null, raw: file.bytes, headers: file.contentType ? { 'content-type': file.contentType } : ({} as Record<string, string>) } : null;
    },
    version: opts.version ?? 'v25.0',
    tokens: { [opts.pageId]: opts.token },
    validate: (body) => validateMetaMessage(body, { maxText: 2000, unit: 'chars' }),
    success: (body, n) => ({ recipient_id: (body.recipient as { id?: string }).id ?? 'PSID', message_id: `m_fake_${n}` }),
  });
}
