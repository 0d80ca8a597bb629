import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { DataSource } from 'typeorm';
import { DomainError } from '../common/domain-error';
import { Authenticated, Public, RequireRole } from '../common/policy.decorators';
import { AuthGuard } from './auth.guard';
import { PrincipalResolver } from './principal-resolver';

class Routes {
  undeclared() {}
  @Public() open() {}
  @Authenticated() mine() {}
  @RequireRole(['owner', 'admin']) manage() {}
}

function contextFor(handler: keyof Routes, headers: Record<string, string> = {}): ExecutionContext {
  const request = { headers, cookies: {} };
  return {
    getHandler: () => Routes.prototype[handler],
    getClass: () => Routes,
    switchToHttp: () => ({ getRequest: () => request }),
  } as unknown as ExecutionContext;
}

/** A database that answers the session lookup with one row (or none). */
function dbWith(row?: { role: string | null }): DataSource {
  return {
    query: async () => (row ? [{ id: 's1', user_id: 'u1', current_workspace_id: 'w1', role: row.role }] : []),
  } as unknown as DataSource;
}

const guardWith = (db: DataSource) => new AuthGuard(new Reflector(), new PrincipalResolver(db));

const code = async (promise: Promise<unknown>) => promise.then(() => 'allowed', (e: DomainError) => e.code);

describe('AuthGuard', () => {
  it('refuses a route that declares no policy, even for an owner', async () => {
    const guard = guardWith(dbWith({ role: 'owner' }));
    expect(await code(guard.canActivate(contextFor('undeclared', { authorization: 'Bearer ps_x' })))).toBe('POLICY_MISSING');
  });

  it('lets anyone through a public route', async () => {
    expect(await code(guardWith(dbWith()).canActivate(contextFor('open')))).toBe('allowed');
  });

  it('requires a session for authenticated routes', async () => {
    const guard = guardWith(dbWith({ role: null }));
    expect(await code(guard.canActivate(contextFor('mine')))).toBe('UNAUTHENTICATED');
    expect(await code(guard.canActivate(contextFor('mine', { authorization: 'Bearer ps_x' })))).toBe('allowed');
  });

  it('checks the role of the current workspace', async () => {
    const ctx = () => contextFor('manage', { authorization: 'Bearer ps_x' });
    expect(await code(guardWith(dbWith({ role: 'admin' })).canActivate(ctx()))).toBe('allowed');
    expect(await code(guardWith(dbWith({ role: 'editor' })).canActivate(ctx()))).toBe('FORBIDDEN');
    expect(await code(guardWith(dbWith({ role: null })).canActivate(ctx()))).toBe('NO_WORKSPACE');
    expect(await code(guardWith(dbWith()).canActivate(ctx()))).toBe('UNAUTHENTICATED');
  });

  it('ignores tokens of an unknown kind', async () => {
    const guard = guardWith(dbWith({ role: 'owner' }));
    expect(await code(guard.canActivate(contextFor('manage', { authorization: 'Bearer something-else' })))).toBe('UNAUTHENTICATED');
  });
});
