import { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { WorkspacePrincipal } from '../common/policy.decorators';
import { contactConditions, type ContactFilter } from './contact-filter';
import { CONTACT_COLUMNS, type ContactListRow } from './contacts-directory.service';
import { csvRow } from './csv';

const PAGE = 1000;
const FIXED = ['id', 'name', 'first_name', 'last_name', 'username', 'platform', 'connection', 'tags', 'last_message_at', 'opted_out_at', 'created_at'];

/**
 * CSV of every contact the filter matches, streamed in keyset pages of 1,000 (memory stays flat on large
 * workspaces). One column per custom field in use; cells are escaped against formula injection.
 */
@Injectable()
export class ContactsExportService {
  constructor(private readonly db: DataSource) {}

  stream(principal: WorkspacePrincipal, filter: ContactFilter): Readable {
    return Readable.from(this.rows(principal.workspaceId, filter));
  }

  private async *rows(workspaceId: string, filter: ContactFilter): AsyncGenerator<string> {
    const keyParams: unknown[] = [];
    const keys: string[] = (
      await this.db.query(`SELECT DISTINCT jsonb_object_keys(c.custom_fields) AS k FROM contacts c WHERE ${contactConditions(workspaceId, filter, keyParams)} ORDER BY 1`, keyParams)
    ).map((r: { k: string }) => r.k);
    yield csvRow([...FIXED, ...keys.map((k) => `field:${k}`)]);
    let after: { us: string; id: string } | null = null;
    for (;;) {
      const params: unknown[] = [];
      let where = contactConditions(workspaceId, filter, params);
      if (after) {
        params.push(after.us, after.id);
        where += ` AND (c.created_at, c.id) < (timestamptz 'epoch' + $${params.length - 1}::bigint * interval '1 microsecond', $${params.length}::uuid)`;
      }
      const rows: ContactListRow[] = await this.db.query(
        `SELECT ${CONTACT_COLUMNS} FROM contacts c JOIN channel_connections cc ON cc.id = c.connection_id WHERE ${where} ORDER BY c.created_at DESC, c.id DESC LIMIT ${PAGE}`,
        params,
      );
      let chunk = '';
      for (const r of rows) {
        chunk += csvRow([r.id, r.name, r.first_name, r.last_name, r.username, r.platform, r.connection_name, r.tags.join(';'), r.last_inbound_at, r.opted_out_at, r.created_at, ...keys.map((k) => r.custom_fields[k])]);
      }
      if (chunk) yield chunk;
      if (rows.length < PAGE) return;
      after = { us: rows[rows.length - 1].created_us, id: rows[rows.length - 1].id };
    }
  }
}
