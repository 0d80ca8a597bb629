import { createHash } from 'node:crypto';

/**
 * A named (server-side prepared) statement for the runtime's hot paths, passed where TypeORM takes SQL text:
 * `tx.query(TURN_WRITE, params)`.
 *
 * Why: measured with pg_stat_statements on the runtime bench, PostgreSQL spent about as long *planning* the
 * runtime's multi-CTE statements as running them (the dispatcher's claim: 0.97 ms planning for 0.32 ms execution),
 * because node-postgres sends every parameterised query as an unnamed statement, parsed and planned anew each time.
 * A named statement is parsed once per connection, and after five executions PostgreSQL may keep a generic plan
 * and skip planning altogether (it keeps re-planning when the generic plan looks worse: `plan_cache_mode`).
 *
 * How: node-postgres accepts `{ name, text }` in place of the text and TypeORM hands its first argument to it
 * unchanged, so results, errors (QueryFailedError) and UPDATE/DELETE's `[rows, count]` shape are what `query` gives
 * for text. The name is a hash of the text: one text, one name, on every connection. Only constant texts belong
 * here (each distinct text stays prepared on every pooled connection for its lifetime).
 *
 * Off with `PARLEY_DB_PREPARED_STATEMENTS=off` (e.g. behind a pooler in transaction mode that does not track
 * protocol-level prepared statements; PgBouncer does from 1.21 with `max_prepared_statements`).
 */
export function preparedStatement(text: string): string {
  if (!preparedStatementsEnabled()) return text;
  let name = names.get(text);
  if (!name) names.set(text, (name = `parley_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`));
  // A new object per call: node-postgres writes the call's values into the config it is given. Typed as the SQL
  // string TypeORM's `query` declares; it reaches node-postgres unchanged.
  return { name, text, toString: () => text } as unknown as string;
}

const names = new Map<string, string>();

function preparedStatementsEnabled(): boolean {
  return !/^(off|false|0|no)$/i.test(process.env.PARLEY_DB_PREPARED_STATEMENTS ?? '');
}
