import { notStudioPreviewSql } from '../channels/studio-preview';

/** Which contacts a page, an export, a bulk edit or a broadcast audience covers. Every part narrows (AND). */
export interface ContactFilter {
  /** Name, first/last name or username contains this (case-insensitive). */
  q?: string;
  /** Has every one of these tags. */
  tags?: string[];
  /** Custom field `key` equals `value` (compared as text). */
  fields?: Array<{ key: string; value: string }>;
  connectionId?: string;
  /** Last message from the contact at or after / before this instant (ISO 8601). */
  lastMessageAfter?: string;
  lastMessageBefore?: string;
  optedOut?: boolean;
}

/**
 * The SQL conditions of `filter` on the contacts alias `c`, always scoped to the workspace; values go into `params`
 * (appended, so callers can put their own parameters first).
 */
export function contactConditions(workspaceId: string, filter: ContactFilter, params: unknown[], alias = 'c'): string {
  const p = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const workspace = p(workspaceId);
  // Studio preview visitors are not contacts of the brand: never listed, exported, tagged in bulk or broadcast to.
  const where = [`${alias}.workspace_id = ${workspace}`, notStudioPreviewSql(`${alias}.connection_id`, workspace)];
  const q = filter.q?.trim();
  if (q) {
    const like = p(`%${q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`);
    where.push(`(${['name', 'first_name', 'last_name', 'username'].map((col) => `${alias}.${col} ILIKE ${like}`).join(' OR ')})`);
  }
  if (filter.tags?.length) where.push(`${alias}.tags @> ${p(filter.tags)}::text[]`);
  for (const field of filter.fields ?? []) where.push(`${alias}.custom_fields ->> ${p(field.key)} = ${p(field.value)}`);
  if (filter.connectionId) where.push(`${alias}.connection_id = ${p(filter.connectionId)}`);
  if (filter.lastMessageAfter) where.push(`${alias}.last_inbound_at >= ${p(filter.lastMessageAfter)}`);
  if (filter.lastMessageBefore) where.push(`${alias}.last_inbound_at < ${p(filter.lastMessageBefore)}`);
  if (filter.optedOut !== undefined) where.push(`${alias}.opted_out_at IS ${filter.optedOut ? 'NOT ' : ''}NULL`);
  return where.join(' AND ');
}
