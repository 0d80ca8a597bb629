import { graphFake } from './meta-graph-fake';
import { validateMetaMessage } from './meta-message-shape';

/** The Instagram messaging API (Instagram Login): `POST /{version}/{ig-id}/messages`, private replies by `comment_id`. */
export function instagramFake(opts: { version?: string; igId: string; token: string }) {
  return graphFake({
    version: opts.version ?? 'v25.0',
    tokens: { [opts.igId]: opts.token },
    validate: (body) => validateMetaMessage(body, { maxText: 1000, unit: 'bytes' }),
    success: (body, n) => ({ recipient_id: (body.recipient as { id?: string }).id ?? 'IGSID_FROM_COMMENT', message_id: `aWdf_fake_${n}` }),
  });
}
