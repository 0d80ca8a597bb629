import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { hashPassword } from '../../api/src/auth/passwords';
import { loadConfig, type AppConfig } from '../../api/src/config/app-config';
import { createApp } from '../../api/src/create-app';
import { runMigrations } from '../../api/src/database/run-migrations';
import type { Role } from '../../api/src/common/roles';
import { createTestDatabase } from './database';

export interface SeededUser {
  id: string;
  email: string;
  password: string;
  /** Workspaces by name, with their ids. */
  workspaces: Record<string, string>;
}

export interface TestApp {
  app: INestApplication;
  db: DataSource;
  baseUrl: string;
  /** Any Node http server for supertest. */
  server: ReturnType<INestApplication['getHttpServer']>;
  /** Creates a user and the named workspaces (created if new), with this role in each (default owner). */
  seedUser(opts: { email: string; password?: string; workspaces: string[]; role?: Role; name?: string }): Promise<SeededUser>;
  /** Logs in through the API; returns the bearer token and the Cookie header value. */
  login(email: string, password: string): Promise<{ token: string; cookie: string }>;
  /** Empties every table (between tests). */
  reset(): Promise<void>;
  close(): Promise<void>;
}

/** Boots the real app on a fresh database of its own, listening on a random loopback port. */
export async function startTestApp(overrides: Partial<AppConfig> = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  // STUDIO_DIST lets a developer point browser specs at a studio built elsewhere (default: studio/dist).
  const studioDist = process.env.STUDIO_DIST ? { STUDIO_DIST: process.env.STUDIO_DIST } : {};
  const config = { ...loadConfig({ LOG_LEVEL: 'silent', PORT: '0', ...studioDist }), ...overrides };
  const app = await createApp(config, database.url);
  const db = app.get(DataSource);
  await runMigrations(db);
  await app.listen(0, '127.0.0.1');
  const server = app.getHttpServer();
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const workspaceIds = new Map<string, string>();

  const testApp: TestApp = {
    app,
    db,
    baseUrl,
    server,
    async seedUser({ email, password = 'correct horse battery', workspaces, role = 'owner', name = '' }) {
      const [user] = await db.query(`INSERT INTO users (email, name, password_hash) VALUES ($1, $2, $3) RETURNING id`, [
        email.toLowerCase(),
        name,
        await hashPassword(password),
      ]);
      const ids: Record<string, string> = {};
      for (const workspaceName of workspaces) {
        let id = workspaceIds.get(workspaceName);
        if (!id) {
          [{ id }] = await db.query(`INSERT INTO workspaces (name) VALUES ($1) RETURNING id`, [workspaceName]);
          workspaceIds.set(workspaceName, id!);
        }
        await db.query(`INSERT INTO memberships (workspace_id, user_id, role) VALUES ($1, $2, $3)`, [id, user.id, role]);
        ids[workspaceName] = id!;
        // Memberships are ordered by creation: keep the listed order deterministic.
        await db.query(`SELECT pg_sleep(0.002)`);
      }
      return { id: user.id, email: email.toLowerCase(), password, workspaces: ids };
    },
    async login(email, password) {
      const res = await fetch(`${baseUrl}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password }),
      });
      if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
      const body = (await res.json()) as { token: string };
      const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
      return { token: body.token, cookie };
    },
    async reset() {
      const tables: Array<{ tablename: string }> = await db.query(
        `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'migrations'`,
      );
      // The app's background loops (workers, analytics rollup, broadcasts) may hold a lock TRUNCATE needs and wait
      // on one it already took: PostgreSQL then aborts one side with a deadlock. That side is ours; try again.
      for (let attempt = 1; tables.length; attempt++) {
        try {
          await db.query(`TRUNCATE ${tables.map((t) => `"${t.tablename}"`).join(', ')} RESTART IDENTITY CASCADE`);
          break;
        } catch (error) {
          if ((error as { code?: string }).code !== '40P01' || attempt >= 10) throw error;
          // Retried at once, the same loops met the same locks again (five deadlocks in a row were seen under CI load).
          await new Promise((resolve) => setTimeout(resolve, 20 * attempt + Math.random() * 50));
        }
      }
      workspaceIds.clear();
    },
    async close() {
      await app.close();
      await database.drop();
    },
  };
  return testApp;
}
