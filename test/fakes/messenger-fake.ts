import { graphFake } from './meta-graph-fake';
import { validateMetaMessage } from './meta-message-shape';

/** The Messenger Send API: `POST /{version}/{page-id}/messages`. */
export function messengerFake(opts: { version?: string; pageId: string; token: string }) {
  return graphFake({
    version: opts.version ?? 'v25.0',
    tokens: { [opts.pageId]: opts.token },
    validate: (body) => validateMetaMessage(body, { maxText: 2000, unit: 'chars' }),
    success: (body, n) => ({ recipient_id: (body.recipient as { id?: string }).id ?? 'PSID', message_id: `m_fake_${n}` }),
  });
}
