import { Injectable } from '@nestjs/common';
import { DataSource, QueryFailedError } from 'typeorm';
import type { WorkspacePrincipal } from '../common/policy.decorators';
import { BadBroadcastError, DuplicateTemplateError, TemplateNotFoundError } from './broadcasts.errors';
import type { CreateTemplateDto, UpdateTemplateDto } from './dto/broadcasts.dto';

const COLUMNS = `t.id, t.connection_id AS "connectionId", cc.name AS "connectionName", t.name, t.language, t.category, t.status, t.body, t.components, t.synced_at AS "syncedAt", t.missing_upstream_at AS "missingUpstreamAt", t.updated_at AS "updatedAt"`;

/**
 * WhatsApp message templates per WhatsApp connection (number): name, language, category, body and the review status
 * WhatsApp gave it. Only `approved` ones may be broadcast; the status is kept as the business sees it in WhatsApp Manager,
 * entered by hand or read from WhatsApp (WhatsAppTemplateSync).
 */
@Injectable()
export class WhatsAppTemplatesService {
  constructor(private readonly db: DataSource) {}

  list(principal: WorkspacePrincipal) {
    return this.db.query(`SELECT ${COLUMNS} FROM whatsapp_templates t JOIN channel_connections cc ON cc.id = t.connection_id WHERE t.workspace_id = $1 ORDER BY t.name, t.language`, [
      principal.workspaceId,
    ]);
  }

  async create(principal: WorkspacePrincipal, dto: CreateTemplateDto) {
    const [connection] = await this.db.query(`SELECT platform FROM channel_connections WHERE id = $1 AND workspace_id = $2`, [dto.connectionId, principal.workspaceId]);
    if (!connection || connection.platform !== 'whatsapp') throw new BadBroadcastError('Templates belong to a WhatsApp connection of this workspace.');
    try {
      const [row] = await this.db.query(
        `INSERT INTO whatsapp_templates (workspace_id, connection_id, name, language, category, status, body) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [principal.workspaceId, dto.connectionId, dto.name, dto.language, dto.category, dto.status, dto.body],
      );
      return this.get(principal, row.id);
    } catch (error) {
      if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505') throw new DuplicateTemplateError();
      throw error;
    }
  }

  async update(principal: WorkspacePrincipal, templateId: string, dto: UpdateTemplateDto) {
    const [, updated] = await this.db.query(
      `UPDATE whatsapp_templates SET status = COALESCE($3, status), body = COALESCE($4, body), updated_at = now() WHERE id = $1 AND workspace_id = $2`,
      [templateId, principal.workspaceId, dto.status ?? null, dto.body ?? null],
    );
    if (!updated) throw new TemplateNotFoundError();
    return this.get(principal, templateId);
  }

  async remove(principal: WorkspacePrincipal, templateId: string): Promise<void> {
    const [, deleted] = await this.db.query(`DELETE FROM whatsapp_templates WHERE id = $1 AND workspace_id = $2`, [templateId, principal.workspaceId]);
    if (!deleted) throw new TemplateNotFoundError();
  }

  private async get(principal: WorkspacePrincipal, id: string) {
    const [row] = await this.db.query(`SELECT ${COLUMNS} FROM whatsapp_templates t JOIN channel_connections cc ON cc.id = t.connection_id WHERE t.id = $1 AND t.workspace_id = $2`, [
      id,
      principal.workspaceId,
    ]);
    if (!row) throw new TemplateNotFoundError();
    return row;
  }
}
