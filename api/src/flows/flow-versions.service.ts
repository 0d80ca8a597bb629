import { Injectable } from '@nestjs/common';
import { diffFlows, isPublishable, upgradeFlowDocument, validateFlow, type FlowDocument } from '@parley/runtime';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { WorkspacePrincipal } from '../common/policy.decorators';
import { contentHash } from './flow-hash';
import { FlowInvalidError, FlowNotFoundError, FlowVersionNotFoundError } from './flows.errors';
import { FlowsService } from './flows.service';
import { TriggerIndexService } from './trigger-index.service';
import { moveWaitingConversations } from './waiting-conversations';

const VERSION_SUMMARY = `
  v.id, v.number, v.notes, v.kind, v.rolled_back_to AS "rolledBackTo", v.content_hash AS "contentHash",
  v.published_at AS "publishedAt", u.email AS "publishedBy", (f.live_version_id = v.id) AS "isLive"`;

/**
 * Published versions: immutable, numbered, hashed. Publishing validates with the runtime; rolling back makes an
 * earlier version live again as a new version, so history stays linear and nothing is ever overwritten.
 */
@Injectable()
export class FlowVersionsService {
  constructor(
    private readonly db: DataSource,
    private readonly flows: FlowsService,
    private readonly audit: AuditService,
    private readonly triggerIndex: TriggerIndexService,
  ) {}

  async publish(principal: WorkspacePrincipal, flowId: string, notes = '', migrateWaitingConversations = false) {
    return this.db.transaction(async (tx) => {
      const flow = await this.flows.lockFlow(tx, principal.workspaceId, flowId);
      const [draft] = await tx.query(`SELECT document FROM flow_draft_revisions WHERE flow_id = $1 AND revision = $2`, [flowId, flow.draft_revision]);
      const knownFlowIds = (await tx.query(`SELECT id FROM flows WHERE workspace_id = $1`, [principal.workspaceId])).map((r: { id: string }) => r.id);
      const issues = validateFlow(draft.document, { knownFlowIds });
      if (!isPublishable(issues)) throw new FlowInvalidError(issues);
      const document = upgradeFlowDocument(draft.document);
      const result = await this.makeLive(tx, principal, flowId, flow.live_version_id, document, { kind: 'publish', notes });
      let movedConversations = 0;
      if (migrateWaitingConversations && flow.live_version_id && !result.unchanged) {
        const previous = await this.versionDocumentById(tx, flow.live_version_id);
        movedConversations = await moveWaitingConversations(tx, flowId, flow.live_version_id, result.version.id, previous, document);
      }
      await this.audit.record(
        principal,
        { action: 'flow.published', targetType: 'flow', targetId: flowId, details: { version: result.version.number, unchanged: result.unchanged, movedConversations } },
        tx,
      );
      return { ...result, movedConversations, warnings: issues.filter((i) => i.severity === 'warning') };
    });
  }

  /**
   * The publish dialog's dry run: what validation says about the saved draft, and which keywords other live flows
   * already claim. Nothing is written.
   */
  async publishCheck(workspaceId: string, flowId: string) {
    const flow = await this.flows.get(workspaceId, flowId);
    const knownFlowIds = (await this.db.query(`SELECT id FROM flows WHERE workspace_id = $1`, [workspaceId])).map((r: { id: string }) => r.id);
    const issues = validateFlow(flow.draft.document, { knownFlowIds });
    const publishable = isPublishable(issues);
    const conflicts = publishable && !flow.archivedAt ? await this.triggerIndex.conflictsFor(this.db.manager, workspaceId, flowId, upgradeFlowDocument(flow.draft.document)) : [];
    return { revision: flow.draft.revision, publishable, issues, conflicts };
  }

  async rollback(principal: WorkspacePrincipal, flowId: string, versionNumber: number, notes?: string) {
    return this.db.transaction(async (tx) => {
      const flow = await this.flows.lockFlow(tx, principal.workspaceId, flowId);
      const target = await this.versionDocument(tx, flowId, versionNumber);
      const result = await this.makeLive(tx, principal, flowId, flow.live_version_id, target, {
        kind: 'rollback',
        notes: notes ?? `Rolled back to version ${versionNumber}`,
        rolledBackTo: versionNumber,
      });
      await this.audit.record(principal, { action: 'flow.rolled-back', targetType: 'flow', targetId: flowId, details: { to: versionNumber, version: result.version.number } }, tx);
      return result;
    });
  }

  /** Copies a version into the draft as a new draft revision (the live version is untouched). */
  async restoreToDraft(principal: WorkspacePrincipal, flowId: string, versionNumber: number) {
    await this.db.transaction(async (tx) => {
      const flow = await this.flows.lockFlow(tx, principal.workspaceId, flowId);
      const document = await this.versionDocument(tx, flowId, versionNumber);
      const revision = flow.draft_revision + 1;
      await tx.query(`INSERT INTO flow_draft_revisions (flow_id, revision, document, issues, saved_by) VALUES ($1, $2, $3, $4, $5)`, [
        flowId,
        revision,
        document,
        JSON.stringify(validateFlow(document)),
        principal.userId,
      ]);
      await tx.query(`UPDATE flows SET draft_revision = $2, draft_hash = $3, updated_at = now(), updated_by = $4 WHERE id = $1`, [
        flowId,
        revision,
        contentHash(document),
        principal.userId,
      ]);
      await this.audit.record(principal, { action: 'flow.version-restored', targetType: 'flow', targetId: flowId, details: { version: versionNumber, revision } }, tx);
    });
    return this.flows.get(principal.workspaceId, flowId);
  }

  async list(workspaceId: string, flowId: string) {
    await this.assertFlow(workspaceId, flowId);
    return this.db.query(
      `SELECT ${VERSION_SUMMARY} FROM flow_versions v JOIN flows f ON f.id = v.flow_id LEFT JOIN users u ON u.id = v.published_by
        WHERE v.flow_id = $1 AND v.workspace_id = $2 AND v.kind <> 'preview' ORDER BY v.number DESC`,
      [flowId, workspaceId],
    );
  }

  async get(workspaceId: string, flowId: string, number: number) {
    const [version] = await this.db.query(
      `SELECT ${VERSION_SUMMARY}, v.document FROM flow_versions v JOIN flows f ON f.id = v.flow_id LEFT JOIN users u ON u.id = v.published_by
        WHERE v.flow_id = $1 AND v.workspace_id = $2 AND v.number = $3`,
      [flowId, workspaceId, number],
    );
    if (!version) throw new FlowVersionNotFoundError();
    return version;
  }

  /** Semantic diff between two of: a version number, `draft`, `live`. */
  async diff(workspaceId: string, flowId: string, from: string, to: string) {
    const [before, after] = [await this.resolve(workspaceId, flowId, from), await this.resolve(workspaceId, flowId, to)];
    return { from, to, ...diffFlows(before, after) };
  }

  private async resolve(workspaceId: string, flowId: string, ref: string): Promise<unknown> {
    if (ref === 'draft') return (await this.flows.get(workspaceId, flowId)).draft.document;
    if (ref === 'live') {
      const flow = await this.flows.get(workspaceId, flowId);
      if (!flow.liveVersionNumber) throw new FlowVersionNotFoundError();
      return (await this.get(workspaceId, flowId, flow.liveVersionNumber)).document;
    }
    return (await this.get(workspaceId, flowId, Number(ref))).document;
  }

  /** Creates version N+1 with this content and makes it live, unless the live version already has it. */
  private async makeLive(
    tx: EntityManager,
    principal: WorkspacePrincipal,
    flowId: string,
    liveVersionId: string | null,
    document: FlowDocument,
    meta: { kind: 'publish' | 'rollback'; notes: string; rolledBackTo?: number },
  ) {
    const hash = contentHash(document);
    if (liveVersionId) {
      const [live] = await tx.query(`SELECT id, number, content_hash FROM flow_versions WHERE id = $1`, [liveVersionId]);
      if (live.content_hash === hash) {
        return { unchanged: true, version: { id: live.id, number: live.number }, conflicts: [], message: `Version ${live.number} is live with this content already: nothing to publish.` };
      }
    }
    const [{ next }] = await tx.query(`SELECT coalesce(max(number), 0) + 1 AS next FROM flow_versions WHERE flow_id = $1`, [flowId]);
    const [version] = await tx.query(
      `INSERT INTO flow_versions (flow_id, workspace_id, number, document, content_hash, notes, kind, rolled_back_to, published_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id, number, published_at AS "publishedAt"`,
      [flowId, principal.workspaceId, next, document, hash, meta.notes, meta.kind, meta.rolledBackTo ?? null, principal.userId],
    );
    await tx.query(`UPDATE flows SET live_version_id = $2, updated_at = now(), updated_by = $3 WHERE id = $1`, [flowId, version.id, principal.userId]);
    const [flow] = await tx.query(`SELECT archived_at FROM flows WHERE id = $1`, [flowId]);
    const conflicts = flow.archived_at ? [] : await this.triggerIndex.rebuild(tx, principal.workspaceId, flowId, version.id, document);
    return { unchanged: false, version, conflicts, message: `Version ${version.number} is live.` };
  }

  private async versionDocument(tx: EntityManager, flowId: string, number: number): Promise<FlowDocument> {
    const [version] = await tx.query(`SELECT document FROM flow_versions WHERE flow_id = $1 AND number = $2`, [flowId, number]);
    if (!version) throw new FlowVersionNotFoundError();
    return version.document;
  }

  private async versionDocumentById(tx: EntityManager, versionId: string): Promise<FlowDocument> {
    const [version] = await tx.query(`SELECT document FROM flow_versions WHERE id = $1`, [versionId]);
    return version.document;
  }

  private async assertFlow(workspaceId: string, flowId: string): Promise<void> {
    const [flow] = await this.db.query(`SELECT 1 FROM flows WHERE id = $1 AND workspace_id = $2`, [flowId, workspaceId]);
    if (!flow) throw new FlowNotFoundError();
  }
}
