import 'reflect-metadata';
import type { Server } from 'node:http';
import * as path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { bootstrapOwner } from './auth/bootstrap-owner';
import { ConfigError, loadConfig, type AppConfig } from './config/app-config';
import { createApp } from './create-app';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './database/embedded-postgres';
import { runMigrations } from './database/run-migrations';

/**
 * `npm start`: database (embedded unless DATABASE_URL), migrations, first-start owner, then HTTP on one port.
 * PARLEY_ROLE=worker runs only the flow-execution loops (no HTTP, no migrations); `api` only HTTP; `all` both.
 */
let embedded: EmbeddedPostgres | undefined;
let app: INestApplication | undefined;

async function main(): Promise<void> {
  const config = readConfig();
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\nparley: ${signal} received, stopping…`);
    // Requests in flight get 10 s to finish; then any connection still open (a slow client) is cut.
    const server = app?.getHttpServer() as Server | undefined;
    setTimeout(() => server?.closeAllConnections(), 10_000).unref();
    await app?.close().catch((e) => console.error(e));
    await embedded?.stop().catch((e) => console.error(e));
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  let databaseUrl = config.databaseUrl;
  if (!databaseUrl && config.role === 'worker') {
    // The embedded PostgreSQL belongs to the one process that started it; workers join a shared server.
    console.error('parley: PARLEY_ROLE=worker needs DATABASE_URL (the PostgreSQL server the API process uses).');
    process.exit(1);
  }
  if (!databaseUrl) {
    embedded = await startEmbeddedPostgres({
      dataDir: path.join(config.dataDir, 'postgres'),
      port: config.embeddedPgPort,
      log: (line) => console.log(`parley: ${line}`),
    });
    databaseUrl = embedded.url;
  }
  app = await createApp(config, databaseUrl);
  const db = app.get(DataSource);
  if (config.role === 'worker') {
    // A worker serves no HTTP and leaves migrations and the owner to the API process(es): several workers may
    // start at once, and only one process should migrate. It waits until the schema is there, then runs its loops.
    await waitForMigrations(db);
    await app.init();
    console.log(`parley: worker ${process.pid} running`);
    return;
  }
  const applied = await runMigrations(db);
  if (applied.length) console.log(`parley: applied migrations ${applied.join(', ')}`);
  const owner = await bootstrapOwner(db, config);
  await app.listen(config.port, config.host);
  printWelcome(config, owner);
}

async function waitForMigrations(db: DataSource): Promise<void> {
  for (let announced = false; ; announced = true) {
    const pending = await db.showMigrations().catch(() => true);
    if (!pending) return;
    if (!announced) console.log('parley: worker waiting for the API process to apply migrations…');
    await new Promise((r) => setTimeout(r, 500));
  }
}

function readConfig(): AppConfig {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

function printWelcome(config: AppConfig, owner: Awaited<ReturnType<typeof bootstrapOwner>>): void {
  const host = config.host === '0.0.0.0' ? 'localhost' : config.host;
  const url = config.publicUrl ?? `http://${host}:${config.port}`;
  console.log(`\nParley is running at ${url}  (API ${url}/api, docs ${url}/api/docs)`);
  if (owner.created) {
    console.log(`First start: created the owner account ${owner.email}`);
    if (owner.generatedPassword) {
      console.log(`  password: ${owner.generatedPassword}   (shown once; set PARLEY_ADMIN_PASSWORD to choose it)`);
    }
  } else {
    console.log('Log in with your account. Press Ctrl-C to stop.');
  }
}

main().catch(async (error) => {
  console.error(`parley: failed to start: ${error instanceof Error ? error.message : String(error)}`);
  await app?.close().catch(() => undefined);
  await embedded?.stop().catch(() => undefined); // never leave an orphan PostgreSQL behind
  process.exit(1);
});
