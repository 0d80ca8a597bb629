/** Cuts text to at most `max` characters (code points, so an emoji is never split), ending with an ellipsis when cut. */
export function clipChars(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return chars.slice(0, Math.max(0, max - 1)).join('') + '…';
}

/** Cuts text to at most `max` UTF-8 bytes (Instagram counts bytes), on a code point boundary. */
export function clipBytes(text: string, max: number): string {
  if (Buffer.byteLength(text, 'utf8') <= max) return text;
  const out: string[] = [];
  let used = Buffer.byteLength('…', 'utf8');
  for (const ch of text) {
    const size = Buffer.byteLength(ch, 'utf8');
    if (used + size > max) break;
    out.push(ch);
    used += size;
  }
  return out.join('') + '…';
}

/** Cuts a string to at most `max` UTF-8 bytes without an ellipsis (ids, payloads). */
export function clipBytesExact(text: string, max: number): string {
  return Buffer.from(text, 'utf8').subarray(0, max).toString('utf8').replace(/\uFFFD$/, '');
}
