import { EgressError, type EgressClient, type EgressStreamResponse } from '../../egress';
import type { MediaFetchResult } from '../channel-adapter';

/** Media files are bigger than API answers: WhatsApp allows 16 MB video, Telegram bots download up to 20 MB. */
export const MEDIA_MAX_BYTES = 25 * 1024 * 1024;

/**
 * GET through the egress client, classified; the bytes exactly as received, whatever the content type, streamed (the
 * cap still applies: past it the stream fails, and a declared length over it is refused before anything is sent).
 */
export async function downloadMedia(egress: EgressClient, url: string, headers: Record<string, string> = {}): Promise<MediaFetchResult> {
  let response: EgressStreamResponse;
  try {
    response = await egress.stream({ method: 'GET', url, headers });
  } catch (error) {
    if (error instanceof EgressError && error.code === 'EGRESS_TOO_LARGE') return { ok: false, reason: 'too-large', message: `The file is larger than ${MEDIA_MAX_BYTES} bytes.` };
    return { ok: false, reason: 'unavailable', message: error instanceof Error ? error.message : String(error) };
  }
  if (response.status >= 300) {
    response.body.destroy();
    return { ok: false, ...statusReason(response.status), message: `The platform answered ${response.status}.` };
  }
  const type = response.headers['content-type'];
  return { ok: true, body: response.body, ...(typeof type === 'string' ? { contentType: type } : {}) };
}

export function statusReason(status: number): { reason: 'not-found' | 'auth' | 'unavailable' } {
  if (status === 401 || status === 403) return { reason: 'auth' };
  if (status === 404 || status === 410) return { reason: 'not-found' };
  return { reason: 'unavailable' };
}
