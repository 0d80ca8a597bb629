import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BadRequestError } from '../common/domain-error';
import type { WorkspacePrincipal } from '../common/policy.decorators';
import { contactConditions, type ContactFilter } from './contact-filter';
import { BadContactSelectionError, BadCursorError, ContactNotFoundError } from './contacts.errors';

const FIELD_KEY = /^[A-Za-z_][\w-]{0,59}$/;
const CURSOR = /^(\d{1,17})_([0-9a-f-]{36})$/;

/** The columns the contacts page and the CSV show; `created_us` is the exact keyset position. */
export const CONTACT_COLUMNS = `c.id, c.name, c.first_name, c.last_name, c.username, c.avatar_url, c.custom_fields, c.tags, c.connection_id,
  cc.name AS connection_name, cc.platform, c.last_inbound_at, c.opted_out_at, c.created_at,
  (extract(epoch FROM c.created_at) * 1000000)::bigint::text AS created_us`;

export interface ContactListRow {
  id: string;
  name: string | null;
  first_name: string | null;
  last_name: string | null;
  username: string | null;
  avatar_url: string | null;
  custom_fields: Record<string, unknown>;
  tags: string[];
  connection_id: string;
  connection_name: string;
  platform: string;
  last_inbound_at: Date | null;
  opted_out_at: Date | null;
  created_at: Date;
  created_us: string;
}

/** The contacts page: filtered keyset pages (newest first), a contact's profile, field edits and bulk tags. */
@Injectable()
export class ContactsDirectoryService {
  constructor(private readonly db: DataSource) {}

  async list(principal: WorkspacePrincipal, filter: ContactFilter, page: { limit?: number; cursor?: string }) {
    const limit = page.limit ?? 50;
    const params: unknown[] = [];
    let where = contactConditions(principal.workspaceId, filter, params);
    if (page.cursor) where += ` AND ${keysetAfter(page.cursor, params)}`;
    const rows: ContactListRow[] = await this.db.query(
      `SELECT ${CONTACT_COLUMNS} FROM contacts c JOIN channel_connections cc ON cc.id = c.connection_id
        WHERE ${where} ORDER BY c.created_at DESC, c.id DESC LIMIT ${limit + 1}`,
      params,
    );
    const more = rows.length > limit;
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return { items: items.map(toContact), nextCursor: more && last ? `${last.created_us}_${last.id}` : null };
  }

  async count(principal: WorkspacePrincipal, filter: ContactFilter): Promise<number> {
    const params: unknown[] = [];
    const [row] = await this.db.query(`SELECT count(*)::int AS n FROM contacts c WHERE ${contactConditions(principal.workspaceId, filter, params)}`, params);
    return row.n;
  }

  /** A contact with its conversations (each links into the inbox) and the broadcasts it was sent. */
  async profile(principal: WorkspacePrincipal, contactId: string) {
    const [row]: ContactListRow[] = await this.db.query(
      `SELECT ${CONTACT_COLUMNS}, c.opt_out_keyword FROM contacts c JOIN channel_connections cc ON cc.id = c.connection_id WHERE c.id = $1 AND c.workspace_id = $2`,
      [contactId, principal.workspaceId],
    );
    if (!row) throw new ContactNotFoundError();
    const conversations = await this.db.query(
      `SELECT v.id, v.status, v.updated_at AS "updatedAt", f.name AS "flowName",
              (SELECT max(o.created_at) FROM outbox o WHERE o.conversation_id = v.id) AS "lastOutboundAt"
         FROM conversations v LEFT JOIN flows f ON f.id = v.flow_id WHERE v.contact_id = $1 AND v.workspace_id = $2 ORDER BY v.updated_at DESC`,
      [contactId, principal.workspaceId],
    );
    const broadcasts = await this.db.query(
      `SELECT b.id, b.name, r.state, r.reason, r.updated_at AS "updatedAt" FROM broadcast_recipients r JOIN broadcasts b ON b.id = r.broadcast_id
        WHERE r.contact_id = $1 AND b.workspace_id = $2 ORDER BY r.updated_at DESC LIMIT 20`,
      [contactId, principal.workspaceId],
    );
    return { ...toContact(row), optOutKeyword: (row as unknown as { opt_out_keyword: string | null }).opt_out_keyword, conversations, broadcasts };
  }

  async updateFields(principal: WorkspacePrincipal, contactId: string, customFields: Record<string, unknown>) {
    const entries = Object.entries(customFields);
    const bad = entries.filter(([k, v]) => !FIELD_KEY.test(k) || !(v === null || ['string', 'number', 'boolean'].includes(typeof v)) || String(v).length > 1000);
    if (bad.length || entries.length > 100) {
      throw new BadRequestError('BAD_CUSTOM_FIELDS', 'Field names are letters, digits, _ or - (up to 60); values are text (up to 1,000), numbers, booleans or null.', { fields: bad.map(([k]) => k) });
    }
    const removed = entries.filter(([, v]) => v === null).map(([k]) => k);
    const set = Object.fromEntries(entries.filter(([, v]) => v !== null));
    const [, updated] = await this.db.query(
      `UPDATE contacts SET custom_fields = (custom_fields || $3::jsonb) - $4::text[] WHERE id = $1 AND workspace_id = $2`,
      [contactId, principal.workspaceId, JSON.stringify(set), removed],
    );
    if (!updated) throw new ContactNotFoundError();
    return this.profile(principal, contactId);
  }

  /** Adds then removes tags on the chosen contacts (by ids, or everything the filter matches); says how many changed. */
  async bulkTags(principal: WorkspacePrincipal, selection: { contactIds?: string[]; filter?: ContactFilter }, add: string[] = [], remove: string[] = []) {
    if (!!selection.contactIds === !!selection.filter) throw new BadContactSelectionError();
    if (!add.length && !remove.length) throw new BadRequestError('NO_TAG_CHANGE', 'Name tags to add or to remove.');
    const params: unknown[] = [[...new Set(add)], [...new Set(remove)]];
    let where = contactConditions(principal.workspaceId, selection.filter ?? {}, params);
    if (selection.contactIds) {
      params.push(selection.contactIds);
      where += ` AND c.id = ANY($${params.length}::uuid[])`;
    }
    // Only rows whose tags actually change are written (and counted).
    const [, updated] = await this.db.query(
      `UPDATE contacts c SET tags = t.next
         FROM (SELECT c.id, ARRAY(SELECT DISTINCT x FROM unnest(c.tags || $1::text[]) x WHERE x <> ALL($2::text[]) ORDER BY x) AS next
                 FROM contacts c WHERE ${where}) t
        WHERE c.id = t.id AND NOT (c.tags @> t.next AND t.next @> c.tags)`,
      params,
    );
    return { updated };
  }
}

/** `(created_at, id)` strictly after the cursor's position in newest-first order. */
function keysetAfter(cursor: string, params: unknown[]): string {
  const m = CURSOR.exec(cursor);
  if (!m) throw new BadCursorError();
  params.push(m[1], m[2]);
  return `(c.created_at, c.id) < (timestamptz 'epoch' + $${params.length - 1}::bigint * interval '1 microsecond', $${params.length}::uuid)`;
}

export function toContact(r: ContactListRow) {
  return {
    id: r.id,
    name: r.name,
    firstName: r.first_name,
    lastName: r.last_name,
    username: r.username,
    avatarUrl: r.avatar_url,
    customFields: r.custom_fields,
    tags: r.tags,
    connection: { id: r.connection_id, name: r.connection_name, platform: r.platform },
    lastMessageAt: r.last_inbound_at,
    optedOutAt: r.opted_out_at,
    createdAt: r.created_at,
  };
}
