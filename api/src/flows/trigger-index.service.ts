import { Injectable } from '@nestjs/common';
import { normalizeText, type FlowDocument, type Trigger } from '@parley/runtime';
import type { EntityManager } from 'typeorm';

export interface TriggerConflict {
  triggerId: string;
  kind: string;
  /** The keyword both claim (for keyword-like triggers). */
  keyword?: string;
  channels: string[];
  otherFlowId: string;
  otherFlowName: string;
  otherTriggerId: string;
}

const KEYWORD_KINDS = new Set(['keyword', 'instagram-comment', 'story-reply']);
/** At most one of these should be live per channel: a second one is a conflict too. */
const SINGLETON_KINDS = new Set(['default-reply', 'welcome']);

/**
 * Keeps `live_triggers` in step with the live versions, so the runtime finds the candidate triggers for an
 * incoming message with one indexed lookup (workspace, kind, keyword) instead of loading every flow.
 */
@Injectable()
export class TriggerIndexService {
  /** Replaces the flow's rows with the triggers of its live version; returns clashes with other live flows. */
  async rebuild(tx: EntityManager, workspaceId: string, flowId: string, versionId: string, document: FlowDocument): Promise<TriggerConflict[]> {
    await this.remove(tx, flowId);
    const enabled = document.triggers.filter((t) => t.enabled !== false);
    for (const trigger of enabled) {
      await tx.query(
        `INSERT INTO live_triggers (workspace_id, flow_id, version_id, trigger_id, kind, channels, keywords, priority, definition)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [workspaceId, flowId, versionId, trigger.id, trigger.kind, trigger.channels ?? [], indexKeywords(trigger), trigger.priority ?? 0, trigger],
      );
    }
    return this.conflicts(tx, workspaceId, flowId, enabled);
  }

  /** What publishing these triggers would clash with among the other live flows (the publish dialog's dry run). */
  conflictsFor(tx: EntityManager, workspaceId: string, flowId: string, document: FlowDocument): Promise<TriggerConflict[]> {
    return this.conflicts(tx, workspaceId, flowId, document.triggers.filter((t) => t.enabled !== false));
  }

  async remove(tx: EntityManager, flowId: string): Promise<void> {
    await tx.query(`DELETE FROM live_triggers WHERE flow_id = $1`, [flowId]);
  }

  private async conflicts(tx: EntityManager, workspaceId: string, flowId: string, triggers: Trigger[]): Promise<TriggerConflict[]> {
    const found: TriggerConflict[] = [];
    for (const trigger of triggers) {
      const keywords = indexKeywords(trigger);
      if (!SINGLETON_KINDS.has(trigger.kind) && keywords.length === 0) continue;
      const channels = trigger.channels ?? [];
      const rows: Array<{ flow_id: string; name: string; trigger_id: string; keywords: string[]; channels: string[] }> = await tx.query(
        `SELECT lt.flow_id, f.name, lt.trigger_id, lt.keywords, lt.channels
           FROM live_triggers lt JOIN flows f ON f.id = lt.flow_id
          WHERE lt.workspace_id = $1 AND lt.flow_id <> $2 AND lt.kind = $3
            AND (cardinality($4::text[]) = 0 OR lt.keywords && $4::text[])
            AND (cardinality($5::text[]) = 0 OR cardinality(lt.channels) = 0 OR lt.channels && $5::text[])`,
        [workspaceId, flowId, trigger.kind, keywords, channels],
      );
      for (const row of rows) {
        const shared = keywords.filter((k) => row.keywords.includes(k));
        const base = { triggerId: trigger.id, kind: trigger.kind, channels, otherFlowId: row.flow_id, otherFlowName: row.name, otherTriggerId: row.trigger_id };
        if (shared.length === 0) found.push(base);
        for (const keyword of shared) found.push({ ...base, keyword });
      }
    }
    return found;
  }
}

/** Keywords in the form the matcher compares (case- and accent-folded unless the trigger says otherwise). */
function indexKeywords(trigger: Trigger): string[] {
  if (!KEYWORD_KINDS.has(trigger.kind) || !('keywords' in trigger)) return [];
  const options = { caseSensitive: trigger.caseSensitive, accentSensitive: trigger.accentSensitive };
  return [...new Set(trigger.keywords.filter((k) => k.mode !== 'regex').map((k) => normalizeText(k.value, options)))];
}
