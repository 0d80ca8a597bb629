import { DataSource, QueryFailedError } from 'typeorm';
import { databaseOptions } from '../../api/src/database/database-options';
import { preparedStatement } from '../../api/src/database/prepared-statement';
import { createTestDatabase } from '../support/database';

/** The runtime's hot statements go through TypeORM as named statements: same results, parsed once per connection. */
describe('preparedStatement (named statements through TypeORM)', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = await new DataSource(databaseOptions(database.url)).initialize();
    await db.query(`CREATE TABLE items (id int PRIMARY KEY, v text NOT NULL)`);
    await db.query(`INSERT INTO items SELECT g, 'x' FROM generate_series(1, 10) g`);
  });
  afterAll(async () => {
    await db.destroy();
    await database.drop();
  });

  it('answers what the same text answers, for a SELECT and for an UPDATE ([rows, count])', async () => {
    const select = `SELECT id, v FROM items WHERE id <= $1 ORDER BY id`;
    expect(await db.query(preparedStatement(select), [3])).toEqual(await db.query(select, [3]));
    const update = `UPDATE items SET v = $2 WHERE id = ANY($1::int[]) RETURNING id`;
    expect(await db.query(preparedStatement(update), [[1, 2], 'p'])).toEqual([[{ id: 1 }, { id: 2 }], 2]);
    expect(await db.query(update, [[1, 2], 'q'])).toEqual([[{ id: 1 }, { id: 2 }], 2]);
  });

  it('is parsed once per connection and then executed by name', async () => {
    const runner = db.createQueryRunner();
    try {
      const sql = `SELECT count(*)::int AS n FROM items WHERE id > $1`;
      for (let i = 0; i < 7; i++) expect(await runner.query(preparedStatement(sql), [i])).toEqual([{ n: 10 - i }]);
      const [statement] = await runner.query(`SELECT name, generic_plans + custom_plans AS runs FROM pg_prepared_statements WHERE statement = $1`, [sql]);
      expect(statement.name).toMatch(/^parley_[0-9a-f]{16}$/);
      expect(Number(statement.runs)).toBe(7);
    } finally {
      await runner.release();
    }
  });

  it('fails as a text query fails: QueryFailedError with PostgreSQL’s code, and the connection stays usable', async () => {
    const sql = `INSERT INTO items (id, v) VALUES ($1, $2)`;
    const error = await db.query(preparedStatement(sql), [1, 'dup']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QueryFailedError);
    expect((error as { driverError: { code: string } }).driverError.code).toBe('23505');
    await db.query(preparedStatement(sql), [11, 'new']);
    expect(await db.query(`SELECT v FROM items WHERE id = 11`)).toEqual([{ v: 'new' }]);
  });

  it('is plain text with PARLEY_DB_PREPARED_STATEMENTS=off (for poolers that cannot keep prepared statements)', () => {
    const before = process.env.PARLEY_DB_PREPARED_STATEMENTS;
    process.env.PARLEY_DB_PREPARED_STATEMENTS = 'off';
    try {
      expect(preparedStatement('SELECT 1')).toBe('SELECT 1');
    } finally {
      if (before === undefined) delete process.env.PARLEY_DB_PREPARED_STATEMENTS;
      else process.env.PARLEY_DB_PREPARED_STATEMENTS = before;
    }
  });
});
