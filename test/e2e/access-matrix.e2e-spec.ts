import request from 'supertest';
import { listRoutes, type RouteInfo } from '../../api/src/common/route-inventory';
import { ROLES, type Role } from '../../api/src/common/roles';
import { startTestApp, type TestApp } from '../support/test-app';
import { sampleBodies, sampleQueries, seedWorkspaceResources } from './support/workspace-fixtures';

/** Routes that are public on purpose, each with the reason. Anything else must be behind a role or a session. */
const PUBLIC_ROUTES: Record<string, string> = {
  'GET /api/health': 'liveness probe',
  'GET /api/ready': 'readiness probe',
  'POST /api/auth/login': 'logging in',
  'GET /api/invites/:token': 'the invite page, before the invitee has an account',
  'POST /api/invites/:token/accept': 'accepting an invite may create the account',
  'GET /api/webhooks/:platform/:connectionId': "platform handshakes (Meta hub.challenge, X CRC), checked with the connection's verify token / consumer secret",
  'POST /api/webhooks/:platform/:connectionId': "platform deliveries, authenticated by the platform's signature over the raw body (401 otherwise)",
  'POST /api/webchat/:connectionId/visitors': 'a web chat visitor starts a chat (gets its own token)',
  'POST /api/webchat/:connectionId/messages': 'a web chat visitor posts (checked against its visitor token)',
  'GET /api/webchat/:connectionId/messages': 'a web chat visitor reads its replies (visitor token)',
  'GET /api/webchat/:connectionId/stream': 'a web chat visitor streams its replies (visitor token)',
  'GET /api/webchat/widget.js': 'the embeddable web chat widget script, loaded by websites (static, no data)',
};

const key = (r: Pick<RouteInfo, 'method' | 'path'>) => `${r.method} ${r.path}`;
const params = (path: string) => [...path.matchAll(/:(\w+)/g)].map((m) => m[1]);
const fill = (path: string, ids: Record<string, string>) => path.replace(/:(\w+)/g, (_, name: string) => ids[name]);

/** A fingerprint of every row of every table but the login log, to prove a refused request wrote nothing. */
async function snapshot(t: TestApp): Promise<string> {
  const tables: Array<{ tablename: string }> = await t.db.query(
    `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename NOT IN ('login_attempts', 'migrations') ORDER BY 1`,
  );
  const parts: string[] = [];
  for (const { tablename } of tables) {
    const [row] = await t.db.query(`SELECT md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS h FROM "${tablename}" x`);
    parts.push(`${tablename}:${row.h}`);
  }
  return parts.join(',');
}

function send(t: TestApp, route: RouteInfo, path: string, token: string) {
  const method = route.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
  const query = sampleQueries[key(route)];
  const req = request(t.server)[method](query ? `${path}?${query}` : path).set('Authorization', `Bearer ${token}`);
  const body = sampleBodies[key(route)];
  return body === undefined ? req : req.send(body as object);
}

describe('access control, generated from the route inventory', () => {
  let t: TestApp;
  let routes: RouteInfo[];
  let idsA: Record<string, string>;
  let tokensA: Record<Role, string>;
  let tokenB: string;

  beforeAll(async () => {
    t = await startTestApp();
    routes = listRoutes(t.app);
    const owner = await t.seedUser({ email: 'owner-a@example.com', workspaces: ['A'] });
    tokensA = {} as Record<Role, string>;
    for (const role of ROLES) {
      const user = role === 'owner' ? owner : await t.seedUser({ email: `${role}-a@example.com`, workspaces: ['A'], role });
      tokensA[role] = (await t.login(user.email, user.password)).token;
    }
    idsA = await seedWorkspaceResources(t, tokensA.owner, owner.workspaces.A);
    const ownerB = await t.seedUser({ email: 'owner-b@example.com', workspaces: ['B'] });
    tokenB = (await t.login(ownerB.email, ownerB.password)).token;
  });
  afterAll(() => t.close());

  it('finds the routes', () => {
    expect(routes.length).toBeGreaterThan(10);
  });

  it('every route declares a policy, and only the listed routes are public', () => {
    const missing = routes.filter((r) => !r.policy).map(key);
    expect(missing).toEqual([]);
    const publicRoutes = routes.filter((r) => r.policy?.kind === 'public').map(key).sort();
    expect(publicRoutes).toEqual(Object.keys(PUBLIC_ROUTES).sort());
  });

  it('every path parameter of a protected route has a workspace-A fixture', () => {
    const unknown = routes
      .filter((r) => r.policy?.kind !== 'public')
      .flatMap((r) => params(r.path).filter((p) => !(p in idsA)).map((p) => `${key(r)} (:${p})`));
    expect(unknown).toEqual([]);
  });

  it("answers 404 to workspace B for every one of workspace A's resources, and writes nothing", async () => {
    const failures: string[] = [];
    for (const route of routes.filter((r) => r.policy?.kind !== 'public' && params(r.path).length > 0)) {
      const before = await snapshot(t);
      const res = await send(t, route, fill(route.path, idsA), tokenB);
      if (res.status !== 404) failures.push(`${key(route)} → ${res.status} ${JSON.stringify(res.body)}`);
      if ((await snapshot(t)) !== before) failures.push(`${key(route)} wrote to the database`);
    }
    expect(failures).toEqual([]);
  });

  it("never lists workspace A's resources to workspace B", async () => {
    const idsOfA = Object.values(idsA).filter((v) => /^[0-9a-f-]{36}$/.test(v));
    const leaks: string[] = [];
    for (const route of routes.filter((r) => r.method === 'GET' && r.policy?.kind !== 'public' && params(r.path).length === 0)) {
      const res = await send(t, route, route.path, tokenB);
      const text = JSON.stringify(res.body);
      for (const id of idsOfA) if (text.includes(id)) leaks.push(`${key(route)} shows ${id}`);
    }
    expect(leaks).toEqual([]);
  });

  it('refuses every mutating route with 403 to the roles it does not name, before writing anything', async () => {
    const failures: string[] = [];
    const mutating = routes.filter((r) => r.method !== 'GET' && r.policy?.kind === 'roles');
    expect(mutating.length).toBeGreaterThan(5);
    for (const route of mutating) {
      const allowed = route.policy!.kind === 'roles' ? route.policy!.roles : [];
      for (const role of ROLES.filter((r) => !allowed.includes(r))) {
        const before = await snapshot(t);
        const res = await send(t, route, fill(route.path, idsA), tokensA[role]);
        if (res.status !== 403) failures.push(`${key(route)} as ${role} → ${res.status}`);
        if ((await snapshot(t)) !== before) failures.push(`${key(route)} as ${role} wrote to the database`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('lets the roles a route names through the guard', async () => {
    const failures: string[] = [];
    for (const route of routes.filter((r) => r.method === 'GET' && r.policy?.kind === 'roles')) {
      const allowed = route.policy!.kind === 'roles' ? route.policy!.roles : [];
      for (const role of allowed) {
        const res = await send(t, route, fill(route.path, idsA), tokensA[role]);
        if (res.status === 403 || res.status >= 500) failures.push(`${key(route)} as ${role} → ${res.status}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
