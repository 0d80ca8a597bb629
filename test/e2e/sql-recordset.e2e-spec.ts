import { Client } from 'pg';
import { recordset } from '../../api/src/database/sql-recordset';
import { createTestDatabase } from '../support/database';

/** The batch writers join JSON rows to big tables: the plan must probe the index, not scan the table. */
describe('recordset (a JSON batch joined to a table)', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let pg: Client;

  beforeAll(async () => {
    database = await createTestDatabase();
    pg = new Client({ connectionString: database.url });
    await pg.connect();
    await pg.query(`CREATE TABLE items (id bigint PRIMARY KEY, v text)`);
    await pg.query(`INSERT INTO items SELECT g, 'x' FROM generate_series(1, 20000) g`);
    await pg.query(`ANALYZE items`);
  });
  afterAll(async () => {
    await pg.end();
    await database.drop();
  });

  const batch = JSON.stringify([
    { id: 5, v: 'a' },
    { id: 7, v: 'b' },
  ]);
  const plan = async (from: string) =>
    ((await pg.query(`EXPLAIN UPDATE items i SET v = p.v FROM ${from} WHERE i.id = p.id`, [batch])).rows as Array<{ 'QUERY PLAN': string }>)
      .map((r) => r['QUERY PLAN'])
      .join('\n');

  it('a bare jsonb_to_recordset is estimated at 100 rows and scans the whole table (why the helper exists)', async () => {
    expect(await plan(`jsonb_to_recordset($1::jsonb) AS p(id bigint, v text)`)).toMatch(/Seq Scan on items/);
  });

  it('recordset() gives the planner the real count: it probes the primary key', async () => {
    const text = await plan(recordset('$1', 'p', 'id bigint, v text'));
    expect(text).toMatch(/Index Scan using items_pkey/);
    expect(text).not.toMatch(/Seq Scan on items/);
  });

  it('keeps probing the index in a prepared statement’s generic plan (the runtime prepares its batch statements)', async () => {
    // A generic plan cannot fold the LIMIT to the real count; PostgreSQL then assumes a tenth of the 100 rows.
    await pg.query(`SET plan_cache_mode = force_generic_plan`);
    await pg.query(`PREPARE batch_update(text) AS UPDATE items i SET v = p.v FROM ${recordset('$1', 'p', 'id bigint, v text')} WHERE i.id = p.id`);
    const rows = (await pg.query(`EXPLAIN EXECUTE batch_update('${batch}')`)).rows as Array<{ 'QUERY PLAN': string }>;
    await pg.query(`DEALLOCATE batch_update; RESET plan_cache_mode`);
    const text = rows.map((r) => r['QUERY PLAN']).join('\n');
    expect(text).toMatch(/Index Scan using items_pkey/);
    expect(text).not.toMatch(/Seq Scan on items/);
  });

  it('changes nothing in the result', async () => {
    await pg.query(`UPDATE items i SET v = p.v FROM ${recordset('$1', 'p', 'id bigint, v text')} WHERE i.id = p.id`, [batch]);
    expect((await pg.query(`SELECT id::int, v FROM items WHERE v <> 'x' ORDER BY id`)).rows).toEqual([
      { id: 5, v: 'a' },
      { id: 7, v: 'b' },
    ]);
  });
});
