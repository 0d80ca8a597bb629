/** WhatsApp body placeholders are positional, `{{1}}` … `{{n}}`; each takes one body parameter when sent. */
const PLACEHOLDER = /\{\{\s*(\d+)\s*\}\}/g;

/** How many body parameters a template body needs: its distinct positional placeholders. */
export function placeholderCount(body: string): number {
  return new Set(Array.from(body.matchAll(PLACEHOLDER), (m) => m[1])).size;
}

/** The same count in SQL, for the eligibility check on `column` (must agree with `placeholderCount`). */
export function placeholderCountSql(column: string): string {
  return `(SELECT count(DISTINCT m[1]) FROM regexp_matches(${column}, '\\{\\{\\s*(\\d+)\\s*\\}\\}', 'g') AS m)`;
}
