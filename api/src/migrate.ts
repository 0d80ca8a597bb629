import 'reflect-metadata';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { loadConfig } from './config/app-config';
import { databaseOptions } from './database/database-options';
import { startEmbeddedPostgres } from './database/embedded-postgres';
import { runMigrations } from './database/run-migrations';

/** `npm run migrate`: apply pending migrations (to DATABASE_URL, else the embedded database) and exit. */
async function migrate(): Promise<void> {
  const config = loadConfig();
  const embedded = config.databaseUrl
    ? undefined
    : await startEmbeddedPostgres({ dataDir: path.join(config.dataDir, 'postgres'), port: config.embeddedPgPort });
  const db = new DataSource(databaseOptions(config.databaseUrl ?? embedded!.url));
  try {
    await db.initialize();
    const applied = await runMigrations(db);
    console.log(applied.length ? `applied: ${applied.join(', ')}` : 'no pending migrations');
  } finally {
    await db.destroy().catch(() => undefined);
    await embedded?.stop();
  }
}

migrate().catch((error) => {
  console.error(`migrate failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
