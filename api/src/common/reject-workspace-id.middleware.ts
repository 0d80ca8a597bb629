import type { NextFunction, Request, Response } from 'express';

const FORBIDDEN_KEYS = ['workspaceId', 'workspace_id', 'accountId'];

/**
 * The workspace always comes from the session. A request that names one in its query or body is refused outright,
 * even on routes whose DTO would have ignored it, so no handler can be tricked into trusting it.
 */
export function rejectWorkspaceIdMiddleware(req: Request, res: Response, next: NextFunction): void {
  const named = [req.query, req.body].some(
    (source) => source && typeof source === 'object' && !Array.isArray(source) && FORBIDDEN_KEYS.some((key) => Object.hasOwn(source, key)),
  );
  if (named) {
    res.status(400).json({ code: 'WORKSPACE_FROM_SESSION', message: 'The workspace comes from your session; do not send a workspaceId.' });
    return;
  }
  next();
}
