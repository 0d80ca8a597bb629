import { Injectable } from '@nestjs/common';
import { starterFlows, validateFlow } from '@parley/runtime';
import { DataSource, QueryFailedError, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { WorkspacePrincipal } from '../common/policy.decorators';
import { assertWithinLimits, blankFlowDocument, draftHash, readImportedDocument, remapIds } from './flow-documents';
import { FlowNotArchivedError, FlowNotFoundError, RevisionConflictError, UnknownTemplateError } from './flows.errors';
import type { ListFlowsQueryDto, UpdateFlowDto } from './dto/flow.dto';
import { TriggerIndexService } from './trigger-index.service';

/** Keep this many past draft revisions per flow (the latest is always kept). */
const KEPT_DRAFT_REVISIONS = 50;

const FLOW_SUMMARY = `
  f.id, f.name, f.description, f.draft_revision AS "draftRevision",
  CASE WHEN f.live_version_id IS NULL THEN 'draft'
       WHEN v.content_hash = f.draft_hash THEN 'live'
       ELSE 'live-with-changes' END AS status,
  v.number AS "liveVersionNumber", f.archived_at AS "archivedAt",
  f.created_at AS "createdAt", f.updated_at AS "updatedAt", u.email AS "updatedBy"`;
const FLOW_JOINS = `LEFT JOIN flow_versions v ON v.id = f.live_version_id LEFT JOIN users u ON u.id = f.updated_by`;

/** Flows and their drafts. Publishing and versions live in FlowVersionsService. */
@Injectable()
export class FlowsService {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly triggerIndex: TriggerIndexService,
  ) {}

  async list(workspaceId: string, query: ListFlowsQueryDto) {
    const items = await this.db.query(
      `SELECT ${FLOW_SUMMARY} FROM flows f ${FLOW_JOINS}
        WHERE f.workspace_id = $1
          AND (f.archived_at IS NOT NULL) = $2
          AND ($3::text IS NULL OR f.name ILIKE '%' || $3 || '%')
        ORDER BY f.updated_at DESC, f.id`,
      [workspaceId, query.archived === 'true', query.search ? escapeLike(query.search) : null],
    );
    return { items: query.status ? items.filter((f: { status: string }) => f.status === query.status) : items };
  }

  templates() {
    return starterFlows.map(({ key, name, description, flow }) => ({ key, name, description, nodeCount: flow.nodes.length }));
  }

  async create(principal: WorkspacePrincipal, name: string, templateKey?: string) {
    let document = blankFlowDocument();
    if (templateKey) {
      const template = starterFlows.find((t) => t.key === templateKey);
      if (!template) throw new UnknownTemplateError(templateKey);
      document = structuredClone(template.flow);
    }
    return this.insertFlow(principal, name, document as unknown as Record<string, unknown>, 'flow.created', { templateKey: templateKey ?? null });
  }

  async get(workspaceId: string, flowId: string) {
    const [flow] = await this.db.query(
      `SELECT ${FLOW_SUMMARY}, d.document, d.issues, d.saved_at AS "savedAt", su.email AS "savedBy"
         FROM flows f ${FLOW_JOINS}
         JOIN flow_draft_revisions d ON d.flow_id = f.id AND d.revision = f.draft_revision
         LEFT JOIN users su ON su.id = d.saved_by
        WHERE f.id = $1 AND f.workspace_id = $2`,
      [flowId, workspaceId],
    );
    if (!flow) throw new FlowNotFoundError();
    const { document, issues, savedAt, savedBy, draftRevision, ...summary } = flow;
    return { ...summary, draft: { revision: draftRevision, document, issues, savedAt, savedBy } };
  }

  async update(principal: WorkspacePrincipal, flowId: string, patch: UpdateFlowDto) {
    await this.db.transaction(async (tx) => {
      await this.lockFlow(tx, principal.workspaceId, flowId);
      await tx.query(
        `UPDATE flows SET name = coalesce($2, name), description = coalesce($3, description), updated_at = now(), updated_by = $4 WHERE id = $1`,
        [flowId, patch.name ?? null, patch.description ?? null, principal.userId],
      );
      await this.audit.record(principal, { action: 'flow.updated', targetType: 'flow', targetId: flowId, details: { ...patch } }, tx);
    });
    return this.get(principal.workspaceId, flowId);
  }

  /**
   * Saves the whole draft document, based on `revision`. A stale base gets 409 with the current revision and
   * document. The (flow, revision) primary key makes concurrent saves from one base collide: one wins.
   */
  async saveDraft(principal: WorkspacePrincipal, flowId: string, baseRevision: number, document: Record<string, unknown>) {
    assertWithinLimits(document);
    const issues = validateFlow(document);
    try {
      return await this.db.transaction(async (tx) => {
        const [flow] = await tx.query(`SELECT draft_revision FROM flows WHERE id = $1 AND workspace_id = $2`, [flowId, principal.workspaceId]);
        if (!flow) throw new FlowNotFoundError();
        if (flow.draft_revision !== baseRevision) throw new StaleRevision();
        const revision = baseRevision + 1;
        const [saved] = await tx.query(
          `INSERT INTO flow_draft_revisions (flow_id, revision, document, issues, saved_by) VALUES ($1, $2, $3, $4, $5) RETURNING saved_at AS "savedAt"`,
          [flowId, revision, document, JSON.stringify(issues), principal.userId],
        );
        const [, updated]: [unknown, number] = await tx.query(
          `UPDATE flows SET draft_revision = $3, draft_hash = $4, updated_at = now(), updated_by = $5 WHERE id = $1 AND draft_revision = $2`,
          [flowId, baseRevision, revision, draftHash(document), principal.userId],
        );
        if (updated !== 1) throw new StaleRevision();
        await tx.query(`DELETE FROM flow_draft_revisions WHERE flow_id = $1 AND revision <= $2`, [flowId, revision - KEPT_DRAFT_REVISIONS]);
        await this.audit.record(principal, { action: 'flow.draft-saved', targetType: 'flow', targetId: flowId, details: { revision } }, tx);
        return { revision, issues, savedAt: saved.savedAt };
      });
    } catch (error) {
      if (error instanceof StaleRevision || isUniqueViolation(error)) {
        const current = await this.get(principal.workspaceId, flowId);
        throw new RevisionConflictError(current.draft.revision, current.draft.document);
      }
      throw error;
    }
  }

  async duplicate(principal: WorkspacePrincipal, flowId: string, name?: string) {
    const source = await this.get(principal.workspaceId, flowId);
    return this.insertFlow(principal, name ?? `${source.name} (copy)`, source.draft.document, 'flow.duplicated', { from: flowId });
  }

  /** Archived flows stop starting conversations (their triggers leave the live index); history is kept. */
  async setArchived(principal: WorkspacePrincipal, flowId: string, archived: boolean) {
    await this.db.transaction(async (tx) => {
      const flow = await this.lockFlow(tx, principal.workspaceId, flowId);
      await tx.query(`UPDATE flows SET archived_at = $2, updated_at = now(), updated_by = $3 WHERE id = $1`, [
        flowId,
        archived ? new Date() : null,
        principal.userId,
      ]);
      if (archived) await this.triggerIndex.remove(tx, flowId);
      else if (flow.live_version_id) {
        const [live] = await tx.query(`SELECT id, document FROM flow_versions WHERE id = $1`, [flow.live_version_id]);
        await this.triggerIndex.rebuild(tx, principal.workspaceId, flowId, live.id, live.document);
      }
      await this.audit.record(principal, { action: archived ? 'flow.archived' : 'flow.unarchived', targetType: 'flow', targetId: flowId }, tx);
    });
    return this.get(principal.workspaceId, flowId);
  }

  async delete(principal: WorkspacePrincipal, flowId: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const flow = await this.lockFlow(tx, principal.workspaceId, flowId);
      if (!flow.archived_at) throw new FlowNotArchivedError();
      await tx.query(`UPDATE flows SET live_version_id = NULL WHERE id = $1`, [flowId]);
      await tx.query(`DELETE FROM flows WHERE id = $1`, [flowId]);
      await this.audit.record(principal, { action: 'flow.deleted', targetType: 'flow', targetId: flowId, details: { name: flow.name } }, tx);
    });
  }

  async export(workspaceId: string, flowId: string) {
    const flow = await this.get(workspaceId, flowId);
    return { schemaVersion: flow.draft.document.schemaVersion ?? 1, name: flow.name, description: flow.description, exportedAt: new Date().toISOString(), document: flow.draft.document };
  }

  /** Imports into a new draft: validated as a flow document, every id remapped. */
  async import(principal: WorkspacePrincipal, input: Record<string, unknown>, name?: string) {
    assertWithinLimits(input);
    const { document } = remapIds(readImportedDocument(input));
    const fallback = typeof input.name === 'string' ? input.name : 'Imported flow';
    return this.insertFlow(principal, (name ?? fallback).slice(0, 120), document as unknown as Record<string, unknown>, 'flow.imported', {});
  }

  /** Locks the flow row (serialising publish, rollback and archive of one flow); 404 outside the workspace. */
  async lockFlow(tx: EntityManager, workspaceId: string, flowId: string) {
    const [flow] = await tx.query(`SELECT * FROM flows WHERE id = $1 AND workspace_id = $2 FOR UPDATE`, [flowId, workspaceId]);
    if (!flow) throw new FlowNotFoundError();
    return flow as { id: string; name: string; draft_revision: number; draft_hash: string; live_version_id: string | null; archived_at: Date | null };
  }

  private async insertFlow(principal: WorkspacePrincipal, name: string, document: Record<string, unknown>, action: string, details: Record<string, unknown>) {
    const flowId = await this.db.transaction(async (tx) => {
      const [flow] = await tx.query(
        `INSERT INTO flows (workspace_id, name, draft_hash, created_by, updated_by) VALUES ($1, $2, $3, $4, $4) RETURNING id`,
        [principal.workspaceId, name, draftHash(document), principal.userId],
      );
      await tx.query(`INSERT INTO flow_draft_revisions (flow_id, revision, document, issues, saved_by) VALUES ($1, 1, $2, $3, $4)`, [
        flow.id,
        document,
        JSON.stringify(validateFlow(document)),
        principal.userId,
      ]);
      await this.audit.record(principal, { action, targetType: 'flow', targetId: flow.id, details: { name, ...details } }, tx);
      return flow.id as string;
    });
    return this.get(principal.workspaceId, flowId);
  }
}

class StaleRevision extends Error {}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof QueryFailedError && (error.driverError as { code?: string })?.code === '23505';
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
