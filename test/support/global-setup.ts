import * as path from 'node:path';
import { startEmbeddedPostgres } from '../../api/src/database/embedded-postgres';

/**
 * Tests run against DATABASE_URL when set (CI: the machine's PostgreSQL), else against an embedded PostgreSQL
 * in .data/test-postgres. Each test file then creates and drops its own database on that server.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.PARLEY_TEST_ADMIN_URL) return; // a second project in the same run: already set up
  if (process.env.DATABASE_URL) {
    process.env.PARLEY_TEST_ADMIN_URL = process.env.DATABASE_URL;
    return;
  }
  const embedded = await startEmbeddedPostgres({
    dataDir: path.resolve(__dirname, '..', '..', '.data', 'test-postgres', 'postgres'),
    port: Number(process.env.PARLEY_TEST_PG_PORT ?? 54339),
    database: 'postgres',
  });
  process.env.PARLEY_TEST_ADMIN_URL = embedded.url;
  (globalThis as { __parleyEmbeddedPg?: typeof embedded }).__parleyEmbeddedPg = embedded;
}
