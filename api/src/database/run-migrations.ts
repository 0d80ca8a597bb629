import type { DataSource } from 'typeorm';

const MIGRATION_LOCK_KEY = 72_617_201; // any constant: serialises processes that start together on one database

/** Applies pending migrations, one process at a time, each in its own transaction. Returns their names. */
export async function runMigrations(db: DataSource): Promise<string[]> {
  const lock = db.createQueryRunner();
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const applied = await db.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await lock.release();
  }
}
