import { ApiError } from './api-error';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Fired on `window` when the server says the session is gone, so the app can send the user to login. */
export const UNAUTHENTICATED_EVENT = 'parley:unauthenticated';

/**
 * Calls the API on the same origin with the session cookie. Resolves with the parsed JSON body
 * (or `undefined` for 204) and rejects with an `ApiError` carrying the server's code and message.
 */
export async function http<T>(method: Method, path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`/api${path}`, {
      method,
      credentials: 'include',
      headers: body === undefined ? { Accept: 'application/json' } : { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'NETWORK_ERROR', 'Cannot reach the Parley server. Check your connection and try again.');
  }
  const payload = response.status === 204 ? undefined : await readJson(response);
  if (!response.ok) {
    const error = toApiError(response.status, payload);
    if (error.code === 'UNAUTHENTICATED') window.dispatchEvent(new Event(UNAUTHENTICATED_EVENT));
    throw error;
  }
  return payload as T;
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function toApiError(status: number, payload: unknown): ApiError {
  const body = (payload ?? {}) as { code?: unknown; message?: unknown; details?: unknown };
  const code = typeof body.code === 'string' ? body.code : fallbackCode(status);
  // Nest's default errors may carry an array of messages; join them rather than show "[object]".
  const message = Array.isArray(body.message)
    ? body.message.join('; ')
    : typeof body.message === 'string' && body.message
      ? body.message
      : fallbackMessage(status);
  const details = body.details && typeof body.details === 'object' ? (body.details as Record<string, unknown>) : {};
  return new ApiError(status, code, message, details);
}

function fallbackCode(status: number): string {
  if (status === 401) return 'UNAUTHENTICATED';
  if (status === 404) return 'NOT_FOUND';
  return `HTTP_${status}`;
}

function fallbackMessage(status: number): string {
  if (status === 404) return 'This is not available on the server.';
  if (status >= 500) return 'The server had a problem. Please try again in a moment.';
  return `The request failed (${status}).`;
}
