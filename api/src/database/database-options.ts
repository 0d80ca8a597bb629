import type { DataSourceOptions } from 'typeorm';
import { allMigrations } from '@parley/migrations';
import { allEntities } from './all-entities';

/** TypeORM options shared by the app, `npm run migrate` and the tests. `synchronize` is off: migrations own the schema. */
export function databaseOptions(url: string, poolMax = 20): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: allEntities,
    migrations: allMigrations,
    migrationsTableName: 'migrations',
    synchronize: false,
    migrationsRun: false,
    logging: false,
    extra: { max: poolMax, connectionTimeoutMillis: 5_000 },
  };
}
