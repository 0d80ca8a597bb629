/** Where to go after login: only same-site paths, so a crafted link cannot send the user elsewhere. */
export function safeNextPath(next: string | null, fallback = '/flows'): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return fallback;
  if (next === '/login') return fallback;
  return next;
}
