import type { ChannelAttachment } from '../channel-adapter';

/** Types a browser may show inline without running anything (no SVG, no HTML, no XML). */
const INLINE_TYPES = /^(image\/(jpeg|png|gif|webp)|video\/(mp4|3gpp|quicktime|webm)|audio\/(aac|mp4|mpeg|amr|ogg|opus|wav|x-wav|webm))$/;
/** Documents offered as downloads under their own type; anything else becomes application/octet-stream. */
const DOWNLOAD_TYPES = /^(application\/(pdf|zip|msword|vnd\.ms-[a-z0-9.-]+|vnd\.openxmlformats-officedocument\.[a-z0-9.-]+)|text\/plain)$/;
const EXTENSIONS: Record<string, string> = {
  'image/jpeg': '.jpg', 'image/png': '.png', 'image/gif': '.gif', 'image/webp': '.webp', 'video/mp4': '.mp4', 'video/3gpp': '.3gp',
  'video/quicktime': '.mov', 'video/webm': '.webm', 'audio/aac': '.aac', 'audio/mp4': '.m4a', 'audio/mpeg': '.mp3', 'audio/amr': '.amr',
  'audio/ogg': '.ogg', 'audio/opus': '.opus', 'audio/wav': '.wav', 'audio/x-wav': '.wav', 'audio/webm': '.weba', 'application/pdf': '.pdf',
  'application/zip': '.zip', 'text/plain': '.txt',
};

export interface MediaHeaders {
  'Content-Type': string;
  'Content-Disposition': string;
  'X-Content-Type-Options': 'nosniff';
  'Content-Security-Policy': string;
  'Cache-Control': string;
}

/**
 * The headers a fetched attachment is served with. Bytes from a platform are untrusted: the type is one of a short
 * list (the platform's declared type first, then the download's), never sniffed, and anything not plainly media is
 * a download; the file name is reduced to safe characters.
 */
export function mediaHeaders(attachment: ChannelAttachment, upstreamType: string | undefined, fallbackName: string, fileName?: string): MediaHeaders {
  const candidates = [attachment.mimeType, upstreamType].map(bareType).filter((t): t is string => !!t);
  const inline = candidates.find((t) => INLINE_TYPES.test(t));
  const type = inline ?? candidates.find((t) => DOWNLOAD_TYPES.test(t)) ?? 'application/octet-stream';
  const name = safeFileName(fileName ?? attachment.fileName) ?? `${fallbackName}${EXTENSIONS[type] ?? ''}`;
  return {
    'Content-Type': type === 'text/plain' ? 'text/plain; charset=utf-8' : type,
    'Content-Disposition': `${inline ? 'inline' : 'attachment'}; filename="${name}"`,
    'X-Content-Type-Options': 'nosniff',
    // Opened on its own, the file still cannot run script or load anything.
    'Content-Security-Policy': "default-src 'none'; media-src 'self'; img-src 'self'; sandbox",
    'Cache-Control': 'private, max-age=300',
  };
}

function bareType(value: string | undefined): string | undefined {
  return value?.split(';')[0].trim().toLowerCase() || undefined;
}

/** ASCII letters, digits, dot, dash, underscore; no leading dot; at most 100 characters. */
export function safeFileName(value: string | undefined): string | undefined {
  const cleaned = (value ?? '').replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '').slice(0, 100);
  return cleaned || undefined;
}
