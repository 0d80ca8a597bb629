import type { NextFunction, Request, Response } from 'express';

const FORBIDDEN_KEYS = ['workspaceId', 'workspace_id', 'accountId'];

/**
 * The workspace always comes from the session. A request that names one in its query or body is refused outright,
 * even on routes whose DTO would have ignored it, so no handler can be tricked into trusting it. Webhook deliveries
 * are exempt (see below); on the webhook fast path (webhook-fast-path.ts) this middleware does not run at all.
 */
export function rejectWorkspaceIdMiddleware(req: Request, res: Response, next: NextFunction): void {
  // Platforms' webhook payloads are not ours to shape (a refused delivery is retried, then dropped), and a webhook
  // takes its workspace from the connection in its URL, never from the body.
  if (req.path.startsWith('/webhooks/')) return next();
  const named = [req.query, req.body].some(
    (source) => source && typeof source === 'object' && !Array.isArray(source) && FORBIDDEN_KEYS.some((key) => Object.hasOwn(source, key)),
  );
  if (named) {
    res.status(400).json({ code: 'WORKSPACE_FROM_SESSION', message: 'The workspace comes from your session; do not send a workspaceId.' });
    return;
  }
  next();
}
