import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ForbiddenError, UnauthenticatedError } from '../common/domain-error';
import { POLICY_KEY, type RoutePolicy } from '../common/policy.decorators';
import { PrincipalResolver } from './principal-resolver';

/**
 * The one gate in front of every route: find who is calling (session cookie or bearer token), then apply the
 * route's declared policy. A route that declares none is refused: deny by default.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly principals: PrincipalResolver,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const policy = this.reflector.getAllAndOverride<RoutePolicy | undefined>(POLICY_KEY, [ctx.getHandler(), ctx.getClass()]);
    if (!policy) throw new ForbiddenError('This route declares no access policy, so it is closed.', 'POLICY_MISSING');
    const request = ctx.switchToHttp().getRequest();
    const principal = await this.principals.fromRequest(request);
    request.principal = principal;
    if (policy.kind === 'public') return true;
    if (!principal) throw new UnauthenticatedError();
    if (policy.kind === 'authenticated') {
      if (principal.kind !== 'session') throw new ForbiddenError('This route needs a user session, not an API key.');
      return true;
    }
    if (!principal.workspaceId || !principal.role) {
      throw new ForbiddenError('Choose a workspace first.', 'NO_WORKSPACE');
    }
    if (!policy.roles.includes(principal.role)) throw new ForbiddenError();
    return true;
  }
}
