import { Injectable } from '@nestjs/common';
import { renderTemplate } from '@parley/runtime';
import { DataSource, QueryFailedError } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { ConflictError, NotFoundError } from '../common/domain-error';
import type { WorkspacePrincipal } from '../common/policy.decorators';
import { ConversationTimeline } from './conversation-timeline.service';
import type { AgentStatusDto, CannedResponseDto, InboxSettingsDto, TeamDto, UpdateContactDto } from './dto/inbox.dto';
import { HandoffsService } from './handoffs.service';

/** The inbox's workspace-managed pieces: canned responses, teams, agents' availability, business hours, contacts. */
@Injectable()
export class InboxAdminService {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly handoffs: HandoffsService,
    private readonly timeline: ConversationTimeline,
  ) {}

  listCanned(workspaceId: string, q?: string) {
    return this.db.query(
      `SELECT id, shortcut, body FROM canned_responses WHERE workspace_id = $1
          AND ($2::text IS NULL OR shortcut ILIKE $2 || '%' OR body ILIKE '%' || $2 || '%') ORDER BY shortcut`,
      [workspaceId, q ? q.replace(/[\\%_]/g, (c) => `\\${c}`) : null],
    );
  }

  /** A canned response with the conversation's contact filled in (`{{contact.first_name}}`), ready for the composer. */
  async renderCanned(principal: WorkspacePrincipal, id: string, conversationId: string) {
    const [canned] = await this.db.query(`SELECT body FROM canned_responses WHERE id = $1 AND workspace_id = $2`, [id, principal.workspaceId]);
    if (!canned) throw new NotFoundError('Canned response', 'CANNED_RESPONSE_NOT_FOUND');
    const contact = await this.contactScope(principal.workspaceId, conversationId);
    return { text: renderTemplate(canned.body, { contact }) };
  }

  async createCanned(principal: WorkspacePrincipal, dto: CannedResponseDto) {
    try {
      const [row] = await this.db.query(
        `INSERT INTO canned_responses (workspace_id, shortcut, body, created_by) VALUES ($1, $2, $3, $4) RETURNING id, shortcut, body`,
        [principal.workspaceId, dto.shortcut, dto.body, principal.userId],
      );
      return row;
    } catch (error) {
      throw uniqueViolation(error) ? new ConflictError('SHORTCUT_TAKEN', `The shortcut /${dto.shortcut} is already used.`) : error;
    }
  }

  async updateCanned(principal: WorkspacePrincipal, id: string, dto: CannedResponseDto) {
    const [rows]: [unknown[], number] = await this.db.query(
      `UPDATE canned_responses SET shortcut = $3, body = $4 WHERE id = $1 AND workspace_id = $2 RETURNING id, shortcut, body`,
      [id, principal.workspaceId, dto.shortcut, dto.body],
    ).catch((error) => {
      throw uniqueViolation(error) ? new ConflictError('SHORTCUT_TAKEN', `The shortcut /${dto.shortcut} is already used.`) : error;
    });
    if (!rows.length) throw new NotFoundError('Canned response', 'CANNED_RESPONSE_NOT_FOUND');
    return rows[0];
  }

  async deleteCanned(principal: WorkspacePrincipal, id: string) {
    const [, count]: [unknown, number] = await this.db.query(`DELETE FROM canned_responses WHERE id = $1 AND workspace_id = $2`, [id, principal.workspaceId]);
    if (!count) throw new NotFoundError('Canned response', 'CANNED_RESPONSE_NOT_FOUND');
  }

  listTeams(workspaceId: string) {
    return this.db.query(
      `SELECT t.id, t.name, coalesce(array_agg(tm.user_id) FILTER (WHERE tm.user_id IS NOT NULL), '{}') AS "memberIds"
         FROM teams t LEFT JOIN team_members tm ON tm.team_id = t.id WHERE t.workspace_id = $1 GROUP BY t.id ORDER BY t.name`,
      [workspaceId],
    );
  }

  async saveTeam(principal: WorkspacePrincipal, dto: TeamDto, teamId?: string) {
    return this.db.transaction(async (tx) => {
      let id = teamId;
      if (id) {
        const [rows]: [unknown[], number] = await tx.query(`UPDATE teams SET name = $3 WHERE id = $1 AND workspace_id = $2 RETURNING id`, [id, principal.workspaceId, dto.name]);
        if (!rows.length) throw new NotFoundError('Team', 'TEAM_NOT_FOUND');
      } else {
        [{ id }] = await tx.query(`INSERT INTO teams (workspace_id, name) VALUES ($1, $2) RETURNING id`, [principal.workspaceId, dto.name]);
      }
      if (dto.memberIds) {
        await tx.query(`DELETE FROM team_members WHERE team_id = $1`, [id]);
        // Only members of this workspace can join its teams.
        await tx.query(
          `INSERT INTO team_members (team_id, user_id) SELECT $1, m.user_id FROM memberships m WHERE m.workspace_id = $2 AND m.user_id = ANY($3::uuid[])`,
          [id, principal.workspaceId, dto.memberIds],
        );
      }
      await this.audit.record(principal, { action: teamId ? 'team.updated' : 'team.created', targetType: 'team', targetId: id!, details: { name: dto.name } }, tx);
      return { id, name: dto.name };
    });
  }

  async deleteTeam(principal: WorkspacePrincipal, teamId: string) {
    const [, count]: [unknown, number] = await this.db.query(`DELETE FROM teams WHERE id = $1 AND workspace_id = $2`, [teamId, principal.workspaceId]);
    if (!count) throw new NotFoundError('Team', 'TEAM_NOT_FOUND');
  }

  /** An agent says they are available (or not), and how many chats they take at once. */
  async setStatus(principal: WorkspacePrincipal, dto: AgentStatusDto) {
    const [row] = await this.db.query(
      `INSERT INTO agent_status (workspace_id, user_id, online, max_open_chats) VALUES ($1, $2, $3, coalesce($4, 5))
       ON CONFLICT (workspace_id, user_id) DO UPDATE SET online = excluded.online, max_open_chats = coalesce($4, agent_status.max_open_chats)
       RETURNING online, max_open_chats AS "maxOpenChats"`,
      [principal.workspaceId, principal.userId, dto.online, dto.maxOpenChats ?? null],
    );
    return row;
  }

  async settings(workspaceId: string) {
    const [row] = await this.db.query(
      `SELECT time_zone AS "timeZone", business_hours AS "businessHours", holidays::text[] AS holidays,
              waiting_amber_minutes AS "waitingAmberMinutes", waiting_red_minutes AS "waitingRedMinutes"
         FROM workspaces WHERE id = $1`,
      [workspaceId],
    );
    return row;
  }

  async updateSettings(principal: WorkspacePrincipal, dto: InboxSettingsDto) {
    await this.db.transaction(async (tx) => {
      await tx.query(
        `UPDATE workspaces SET business_hours = coalesce($2::jsonb, business_hours), holidays = coalesce($3::date[], holidays),
                waiting_amber_minutes = coalesce($4, waiting_amber_minutes), waiting_red_minutes = coalesce($5, waiting_red_minutes)
          WHERE id = $1`,
        [principal.workspaceId, dto.businessHours ? JSON.stringify(dto.businessHours) : null, dto.holidays ?? null, dto.waitingAmberMinutes ?? null, dto.waitingRedMinutes ?? null],
      );
      await this.audit.record(principal, { action: 'inbox.settings-updated', targetType: 'workspace', targetId: principal.workspaceId, details: { ...dto } }, tx);
    });
    return this.settings(principal.workspaceId);
  }

  /** The contact panel: agents edit custom fields and tags. */
  async updateContact(principal: WorkspacePrincipal, conversationId: string, dto: UpdateContactDto) {
    await this.db.transaction(async (tx) => {
      const conversation = await this.handoffs.conversation(tx, principal.workspaceId, conversationId);
      if (dto.customFields) {
        const removed = Object.keys(dto.customFields).filter((k) => dto.customFields![k] === null);
        const set = Object.fromEntries(Object.entries(dto.customFields).filter(([, v]) => v !== null));
        await tx.query(`UPDATE contacts SET custom_fields = (custom_fields || $2::jsonb) - $3::text[] WHERE id = $1`, [conversation.contact_id, JSON.stringify(set), removed]);
      }
      if (dto.tags) await tx.query(`UPDATE contacts SET tags = $2 WHERE id = $1`, [conversation.contact_id, [...new Set(dto.tags)]]);
      await this.timeline.record(tx, { workspaceId: principal.workspaceId, conversationId, kind: 'contact-updated', actorUserId: principal.userId, data: { ...dto } });
    });
    return this.contactScope(principal.workspaceId, conversationId);
  }

  private async contactScope(workspaceId: string, conversationId: string): Promise<Record<string, unknown>> {
    const [contact] = await this.db.query(
      `SELECT k.name, k.first_name, k.last_name, k.username, k.custom_fields, k.tags
         FROM conversations c JOIN contacts k ON k.id = c.contact_id WHERE c.id = $1 AND c.workspace_id = $2`,
      [conversationId, workspaceId],
    );
    if (!contact) throw new NotFoundError('Conversation', 'CONVERSATION_NOT_FOUND');
    return { ...contact.custom_fields, name: contact.name, first_name: contact.first_name, last_name: contact.last_name, username: contact.username, tags: contact.tags };
  }
}

function uniqueViolation(error: unknown): boolean {
  return error instanceof QueryFailedError && (error.driverError as { code?: string })?.code === '23505';
}
