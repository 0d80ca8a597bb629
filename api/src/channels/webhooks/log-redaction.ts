/** Webhook secrets that reach us in headers or query strings, kept out of request logs. */
export const WEBHOOK_LOG_REDACT_PATHS = ['req.headers["x-telegram-bot-api-secret-token"]', 'req.query["hub.verify_token"]'];

const SECRET_QUERY = /([?&]hub\.verify_token=)[^&]*/g;

/** Request-log serializer: the URL of a Meta handshake carries the verify token. */
export function redactWebhookUrl<T extends { url?: string }>(req: T): T {
  if (typeof req.url === 'string' && req.url.includes('verify_token')) req.url = req.url.replace(SECRET_QUERY, '$1[Redacted]');
  return req;
}
