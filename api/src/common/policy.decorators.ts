import { SetMetadata, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Role } from './roles';

/**
 * Every route declares who may call it; the global AuthGuard refuses a route with no policy (deny by default),
 * and a test fails if any route lacks one.
 */
export type RoutePolicy =
  | { kind: 'public' }
  | { kind: 'authenticated' } // a logged-in user, no workspace role needed (e.g. list my workspaces)
  | { kind: 'roles'; roles: readonly Role[] }; // a member of the current workspace with one of these roles

export const POLICY_KEY = 'parley:policy';

/** Anyone, logged in or not (login, health, public invite lookup, webhooks). */
export const Public = () => SetMetadata(POLICY_KEY, { kind: 'public' } satisfies RoutePolicy);
/** Any logged-in user (cookie session or bearer token). */
export const Authenticated = () => SetMetadata(POLICY_KEY, { kind: 'authenticated' } satisfies RoutePolicy);
/** A member of the current workspace with one of these roles. */
export const RequireRole = (roles: readonly Role[]) => SetMetadata(POLICY_KEY, { kind: 'roles', roles } satisfies RoutePolicy);

/** Who is calling. The workspace always comes from here, never from the request. */
export interface Principal {
  kind: 'session' | 'api-key';
  userId: string | null;
  apiKeyId: string | null;
  sessionId: string | null;
  workspaceId: string | null;
  role: Role | null;
}

/** A principal that passed a `RequireRole` policy: it has a workspace and a role. */
export interface WorkspacePrincipal extends Principal {
  workspaceId: string;
  role: Role;
}

export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext) => {
  return ctx.switchToHttp().getRequest().principal as Principal;
});
