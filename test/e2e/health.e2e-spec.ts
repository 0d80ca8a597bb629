import request from 'supertest';
import { DataSource } from 'typeorm';
import { allMigrations } from '@parley/migrations';
import { databaseOptions } from '../../api/src/database/database-options';
import { createTestDatabase } from '../support/database';
import { startTestApp, type TestApp } from '../support/test-app';

describe('health, readiness, docs', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('GET /api/health answers ok and GET /api/ready checks the database and migrations', async () => {
    expect((await request(t.server).get('/api/health')).body).toEqual({ status: 'ok' });
    expect((await request(t.server).get('/api/ready')).body).toEqual({ status: 'ready' });
    await t.db.query(`DELETE FROM migrations`);
    const notReady = await request(t.server).get('/api/ready');
    expect(notReady.status).toBe(503);
    expect(notReady.body.code).toBe('MIGRATIONS_PENDING');
  });

  it('serves the OpenAPI document generated from the controllers', async () => {
    const res = await request(t.server).get('/api/docs/openapi.json').expect(200);
    expect(res.body.openapi).toMatch(/^3\./);
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(['/api/auth/login', '/api/workspace/members']));
    expect(res.body.components.schemas.LoginDto.properties).toHaveProperty('email');
    expect((await request(t.server).get('/api/docs')).status).toBe(200);
  });

  it('answers an unknown API route with a 404 in the error format', async () => {
    const res = await request(t.server).get('/api/no-such-thing');
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('NOT_FOUND');
  });

  it('tags every response with a request id, echoing a sane one', async () => {
    const res = await request(t.server).get('/api/health').set('X-Request-Id', 'abc-123');
    expect(res.headers['x-request-id']).toBe('abc-123');
    const generated = await request(t.server).get('/api/health').set('X-Request-Id', 'bad id with spaces');
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('migrations', () => {
  it('every migration is reversible: up, down to nothing, and up again', async () => {
    const database = await createTestDatabase();
    const db = new DataSource(databaseOptions(database.url));
    await db.initialize();
    try {
      await db.runMigrations();
      const tables = async () =>
        (await db.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'migrations' ORDER BY 1`)).map(
          (r: { tablename: string }) => r.tablename,
        );
      const created = await tables();
      expect(created).toEqual(expect.arrayContaining(['users', 'workspaces', 'memberships']));
      for (let i = 0; i < allMigrations.length; i++) await db.undoLastMigration();
      expect(await tables()).toEqual([]);
      await db.runMigrations();
      expect(await tables()).toEqual(created);
    } finally {
      await db.destroy();
      await database.drop();
    }
  });
});
