export const SESSION_COOKIE = 'parley_session';
export const SESSION_TTL_MS = 30 * 24 * 3600 * 1000;
