/**
 * `jsonb_to_recordset(<param>::jsonb) AS <alias>(<columns>)` as a subquery the planner sizes right, for joining a
 * batch of JSON rows to a table. PostgreSQL estimates every set-returning function at 100 rows, so a batch of 5
 * rows joined to a table of 10,000 was planned as a hash join over a sequential scan of the whole table (seen in
 * the runtime bench: the turn batch's write scanned inbound_events, conversations and contacts on every batch).
 * `LIMIT jsonb_array_length(<param>)` changes nothing in the result but is folded to the real count at plan time
 * (our statements are planned with their parameters), so the planner probes the index instead.
 */
export function recordset(param: string, alias: string, columns: string): string {
  return `(SELECT * FROM jsonb_to_recordset(${param}::jsonb) AS ${alias}(${columns}) LIMIT jsonb_array_length(${param}::jsonb)) ${alias}`;
}
