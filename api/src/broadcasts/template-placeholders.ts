/**
 * WhatsApp body placeholders: positional `{{1}}` … `{{n}}`, or named `{{first_name}}` in templates made with
 * `parameter_format: NAMED` (lower-case letters, digits, _). Each distinct one takes one body parameter when sent.
 */
const PLACEHOLDER = /\{\{\s*(\d+|[a-z_][a-z0-9_]*)\s*\}\}/g;

/** How many body parameters a template body needs: its distinct placeholders. */
export function placeholderCount(body: string): number {
  return new Set(Array.from(body.matchAll(PLACEHOLDER), (m) => m[1])).size;
}

/**
 * The names a template's body parameters must carry when it uses named placeholders (`{{first_name}}`), in the
 * order of their first appearance; `undefined` for positional `{{1}}` templates, whose parameters go by position.
 */
export function namedParameters(body: string): string[] | undefined {
  const names = [...new Set(Array.from(body.matchAll(PLACEHOLDER), (m) => m[1]))];
  return names.length && names.every((n) => !/^\d+$/.test(n)) ? names : undefined;
}

/** The same count in SQL, for the eligibility check on `column` (must agree with `placeholderCount`). */
export function placeholderCountSql(column: string): string {
  return `(SELECT count(DISTINCT m[1]) FROM regexp_matches(${column}, '\\{\\{\\s*(\\d+|[a-z_][a-z0-9_]*)\\s*\\}\\}', 'g') AS m)`;
}
