import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { WorkspacePrincipal } from '../common/policy.decorators';
import { contactConditions, type ContactFilter } from '../contacts/contact-filter';
import { keywordForm } from '../contacts/opt-out-keywords';
import { eligibilityQuery, INELIGIBLE_REASONS } from './broadcast-eligibility';
import { BadBroadcastError, BroadcastNotFoundError, BroadcastStateError, TemplateParametersError } from './broadcasts.errors';
import type { BroadcastDefinitionDto, BroadcastSettingsDto, CreateBroadcastDto } from './dto/broadcasts.dto';
import { namedParameters, placeholderCount } from './template-placeholders';

interface BroadcastRow {
  id: string;
  name: string;
  kind: 'message' | 'flow';
  message: unknown;
  flow_id: string | null;
  template: unknown;
  audience: ContactFilter;
  status: string;
  scheduled_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  recipient_count: number | null;
  created_at: Date;
}

/** Broadcasts: define, preview who is eligible (and why the others are not), schedule, watch, pause, resume, cancel. */
@Injectable()
export class BroadcastsService {
  constructor(private readonly db: DataSource) {}

  async preview(principal: WorkspacePrincipal, dto: BroadcastDefinitionDto) {
    await this.checkDefinition(principal, dto);
    const params: unknown[] = [];
    const p = (v: unknown) => (params.push(v), `$${params.length}`);
    const conditions = contactConditions(principal.workspaceId, dto.audience, params);
    const sql = eligibilityQuery({ broadcastId: null, kind: dto.kind, template: dto.template ?? null }, conditions, p);
    const rows: Array<{ reason: string | null; n: number }> = await this.db.query(`SELECT reason, count(*)::int AS n FROM (${sql}) e GROUP BY reason`, params);
    const ineligible = rows.filter((r) => r.reason).map((r) => ({ reason: r.reason!, count: r.n, explanation: INELIGIBLE_REASONS[r.reason as keyof typeof INELIGIBLE_REASONS] }));
    return {
      audience: rows.reduce((sum, r) => sum + r.n, 0),
      eligible: rows.find((r) => !r.reason)?.n ?? 0,
      ineligible: ineligible.sort((a, b) => b.count - a.count),
    };
  }

  async create(principal: WorkspacePrincipal, dto: CreateBroadcastDto) {
    const parameterNames = await this.checkDefinition(principal, dto);
    const template = dto.template ? { ...dto.template, ...(parameterNames ? { parameterNames } : {}) } : null;
    const [row] = await this.db.query(
      `INSERT INTO broadcasts (workspace_id, name, kind, message, flow_id, template, audience, status, scheduled_at, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'scheduled', COALESCE($8::timestamptz, now()), $9) RETURNING id`,
      [principal.workspaceId, dto.name, dto.kind, dto.message ? JSON.stringify(dto.message) : null, dto.flowId ?? null, template ? JSON.stringify(template) : null, JSON.stringify(dto.audience), dto.scheduledAt ?? null, principal.userId],
    );
    return this.get(principal, row.id);
  }

  async list(principal: WorkspacePrincipal) {
    const rows: BroadcastRow[] = await this.db.query(`SELECT * FROM broadcasts WHERE workspace_id = $1 ORDER BY created_at DESC LIMIT 200`, [principal.workspaceId]);
    return rows.map(toBroadcast);
  }

  /** The broadcast with its progress: recipients by outcome, and the reasons for every one not sent. */
  async get(principal: WorkspacePrincipal, broadcastId: string) {
    const row = await this.find(principal.workspaceId, broadcastId);
    return { ...toBroadcast(row), progress: await this.progress(row) };
  }

  async pause(principal: WorkspacePrincipal, broadcastId: string) {
    await this.transition(principal, broadcastId, 'paused', ['scheduled', 'running'], 'pending');
    return this.get(principal, broadcastId);
  }

  async resume(principal: WorkspacePrincipal, broadcastId: string) {
    const row = await this.find(principal.workspaceId, broadcastId);
    if (row.status !== 'paused') throw new BroadcastStateError('resumed', row.status);
    // Paused before it was materialised: back to scheduled; otherwise the workers pick it up again.
    await this.db.query(`UPDATE broadcasts SET status = CASE WHEN started_at IS NULL THEN 'scheduled' ELSE 'running' END WHERE id = $1 AND status = 'paused'`, [broadcastId]);
    return this.get(principal, broadcastId);
  }

  async cancel(principal: WorkspacePrincipal, broadcastId: string) {
    await this.transition(principal, broadcastId, 'cancelled', ['scheduled', 'running', 'paused'], 'cancelled');
    return this.get(principal, broadcastId);
  }

  async settings(principal: WorkspacePrincipal) {
    const [row] = await this.db.query(`SELECT opt_out_keywords, opt_in_keywords, broadcast_cap_hours FROM workspaces WHERE id = $1`, [principal.workspaceId]);
    return { optOutKeywords: row.opt_out_keywords, optInKeywords: row.opt_in_keywords, frequencyCapHours: row.broadcast_cap_hours };
  }

  async updateSettings(principal: WorkspacePrincipal, dto: BroadcastSettingsDto) {
    // Stored as the opt-out check compares them: lower-case, accents folded, no surrounding punctuation.
    const clean = (words: string[]) => [...new Set(words.map(keywordForm).filter(Boolean))];
    const optOut = clean(dto.optOutKeywords);
    const optIn = clean(dto.optInKeywords);
    if (optOut.some((w) => optIn.includes(w))) throw new BadBroadcastError('A keyword cannot both opt out and opt in.');
    await this.db.query(`UPDATE workspaces SET opt_out_keywords = $2, opt_in_keywords = $3, broadcast_cap_hours = $4 WHERE id = $1`, [principal.workspaceId, optOut, optIn, dto.frequencyCapHours]);
    return this.settings(principal);
  }

  /**
   * Stops queueing, and takes back what is queued but not yet handed to the platform: those recipients return to
   * `pending` (pause) or become `cancelled`. A message already `sending` finishes; nothing is ever sent twice.
   */
  private async transition(principal: WorkspacePrincipal, broadcastId: string, to: 'paused' | 'cancelled', from: string[], pulledBackState: 'pending' | 'cancelled') {
    await this.db.transaction(async (tx) => {
      const [row] = await tx.query(`SELECT status FROM broadcasts WHERE id = $1 AND workspace_id = $2 FOR UPDATE`, [broadcastId, principal.workspaceId]);
      if (!row) throw new BroadcastNotFoundError();
      if (!from.includes(row.status)) throw new BroadcastStateError(to, row.status);
      await tx.query(`UPDATE broadcasts SET status = $2, finished_at = CASE WHEN $2 = 'cancelled' THEN now() END WHERE id = $1`, [broadcastId, to]);
      const [pulled]: [Array<{ contact_id: string }>, number] = await tx.query(
        `DELETE FROM outbox WHERE status = 'pending' AND payload @> jsonb_build_object('broadcastId', $1::text) RETURNING contact_id`,
        [broadcastId],
      );
      if (pulled.length) {
        await tx.query(`UPDATE broadcast_recipients SET state = $3, outbox_id = NULL, updated_at = now() WHERE broadcast_id = $1 AND contact_id = ANY($2::uuid[])`, [
          broadcastId,
          pulled.map((r) => r.contact_id),
          pulledBackState,
        ]);
      }
      if (to === 'cancelled') await tx.query(`UPDATE broadcast_recipients SET state = 'cancelled', updated_at = now() WHERE broadcast_id = $1 AND state = 'pending'`, [broadcastId]);
    });
  }

  private async progress(row: BroadcastRow) {
    const delivery =
      row.kind === 'message'
        ? `LEFT JOIN outbox o ON o.id = r.outbox_id`
        : // The first message each flow start sent (one pass over the outbox, hash-joined: no per-recipient lookups).
          `LEFT JOIN (SELECT DISTINCT ON (inbound_event_id) inbound_event_id, status, error, delivery FROM outbox
                       WHERE inbound_event_id IN (SELECT event_id FROM broadcast_recipients WHERE broadcast_id = $1) ORDER BY inbound_event_id, id) o ON o.inbound_event_id = r.event_id
           LEFT JOIN inbound_events e ON e.id = r.event_id`;
    const started = row.kind === 'message' ? 'false' : 'e.processed_at IS NOT NULL';
    const rows: Array<{ outcome: string; reason: string | null; delivered: number; read: number; n: number }> = await this.db.query(
      `SELECT outcome, reason, count(*)::int AS n, count(*) FILTER (WHERE delivery IN ('delivered', 'read'))::int AS delivered, count(*) FILTER (WHERE delivery = 'read')::int AS read
         FROM (SELECT
                 CASE WHEN r.state <> 'queued' THEN r.state
                      WHEN o.status IS NULL THEN CASE WHEN ${started} THEN 'started' ELSE 'queued' END
                      WHEN o.status IN ('pending', 'sending') THEN 'queued'
                      ELSE o.status END AS outcome,
                 CASE WHEN r.state = 'skipped' THEN r.reason
                      WHEN o.status = 'blocked' THEN split_part(o.error, ':', 1)
                      WHEN o.status IN ('failed', 'uncertain') THEN left(o.error, 160) END AS reason,
                 o.delivery
                FROM broadcast_recipients r ${delivery} WHERE r.broadcast_id = $1) x
        GROUP BY outcome, reason`,
      [row.id],
    );
    const counts: Record<string, number> = { pending: 0, queued: 0, sent: 0, started: 0, failed: 0, blocked: 0, uncertain: 0, skipped: 0, cancelled: 0 };
    for (const r of rows) counts[r.outcome] = (counts[r.outcome] ?? 0) + r.n;
    const total = rows.reduce((s, r) => s + r.n, 0);
    return {
      total,
      ...counts,
      delivered: rows.reduce((s, r) => s + r.delivered, 0),
      read: rows.reduce((s, r) => s + r.read, 0),
      done: total - counts.pending - counts.queued,
      reasons: rows.filter((r) => r.reason).map((r) => ({ outcome: r.outcome, reason: r.reason, count: r.n })).sort((a, b) => b.count - a.count),
    };
  }

  /** Refuses a definition that cannot be sent; returns the template's parameter names when it uses named placeholders. */
  private async checkDefinition(principal: WorkspacePrincipal, dto: BroadcastDefinitionDto): Promise<string[] | undefined> {
    if (dto.kind === 'message' && (!dto.message || dto.flowId)) throw new BadBroadcastError('A message broadcast needs a message (and no flowId).');
    if (dto.kind === 'flow') {
      if (!dto.flowId || dto.message) throw new BadBroadcastError('A flow broadcast needs a flowId (and no message).');
      const [flow] = await this.db.query(`SELECT live_version_id FROM flows WHERE id = $1 AND workspace_id = $2 AND archived_at IS NULL`, [dto.flowId, principal.workspaceId]);
      if (!flow) throw new BadBroadcastError('The flow was not found in this workspace.');
      if (!flow.live_version_id) throw new BadBroadcastError('Publish the flow before broadcasting it.');
    }
    return dto.template ? this.checkTemplateParameters(principal, dto.template) : undefined;
  }

  /**
   * Every template of that name and language in the workspace (one per WhatsApp number) must get exactly one
   * parameter per `{{n}}` placeholder: WhatsApp refuses each send otherwise (#132000), better said now than per contact.
   */
  private async checkTemplateParameters(principal: WorkspacePrincipal, template: NonNullable<BroadcastDefinitionDto['template']>): Promise<string[] | undefined> {
    const rows: Array<{ body: string; connection_name: string }> = await this.db.query(
      `SELECT t.body, cc.name AS connection_name FROM whatsapp_templates t JOIN channel_connections cc ON cc.id = t.connection_id
        WHERE t.workspace_id = $1 AND t.name = $2 AND t.language = $3 AND t.missing_upstream_at IS NULL ORDER BY cc.name`,
      [principal.workspaceId, template.name, template.language],
    );
    const given = template.parameters?.length ?? 0;
    const mismatch = rows.find((r) => placeholderCount(r.body) !== given);
    if (mismatch) {
      throw new TemplateParametersError({ template: template.name, language: template.language, connectionName: mismatch.connection_name, expected: placeholderCount(mismatch.body), given });
    }
    // Named templates take their parameters by name; every number's copy must use the same names.
    const names = rows.map((r) => namedParameters(r.body));
    if (names.some((n) => JSON.stringify(n) !== JSON.stringify(names[0]))) {
      throw new BadBroadcastError(`Template ${template.name} (${template.language}) has different placeholders on different WhatsApp numbers; broadcast to one number at a time.`);
    }
    return names[0];
  }

  private async find(workspaceId: string, id: string): Promise<BroadcastRow> {
    const [row] = await this.db.query(`SELECT * FROM broadcasts WHERE id = $1 AND workspace_id = $2`, [id, workspaceId]);
    if (!row) throw new BroadcastNotFoundError();
    return row;
  }
}

function toBroadcast(r: BroadcastRow) {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    message: r.message,
    flowId: r.flow_id,
    template: r.template,
    audience: r.audience,
    status: r.status,
    scheduledAt: r.scheduled_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    recipientCount: r.recipient_count,
    createdAt: r.created_at,
  };
}
