import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ConnectionStore } from '../channels/connection-store';
import { callGraph } from '../channels/meta/graph-api';
import type { WorkspacePrincipal } from '../common/policy.decorators';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { EgressClient } from '../egress';

/** One template as the Graph API lists it (`GET /{waba-id}/message_templates`). */
interface UpstreamTemplate {
  name: string;
  language: string;
  status: string;
  category: string;
  components: unknown[];
}

export interface TemplateSyncResult {
  connectionId: string;
  connectionName: string;
  ok: boolean;
  error?: string;
  /** Templates WhatsApp listed (and we stored), new ones among them, ours that WhatsApp no longer has. */
  listed?: number;
  created?: number;
  missing?: number;
  /** Listed upstream but in a category we do not know (not stored). */
  skipped?: number;
}

const FIELDS = 'name,language,status,category,components';
const PAGE_SIZE = 50;
// A business account holds at most a few thousand templates; this bounds a cursor loop gone wrong.
const MAX_PAGES = 200;
const WABA_ID = /^\d{1,32}$/;

// WhatsApp's review states, folded into the ones the studio shows. Only APPROVED may be broadcast.
const STATUS: Record<string, string> = {
  APPROVED: 'approved',
  PENDING: 'pending',
  IN_APPEAL: 'pending',
  REJECTED: 'rejected',
  PAUSED: 'paused',
  DISABLED: 'disabled',
  PENDING_DELETION: 'disabled',
  DELETED: 'disabled',
  ARCHIVED: 'disabled',
  LIMIT_EXCEEDED: 'disabled',
};
const CATEGORIES = new Set(['marketing', 'utility', 'authentication']);

/**
 * Reads the templates of each WhatsApp connection's business account through the Graph API and upserts them
 * (status, category, body, components); a template we hold that WhatsApp no longer lists is marked missing
 * upstream, which stops it from being broadcast. One connection failing does not stop the others.
 */
@Injectable()
export class WhatsAppTemplateSync {
  constructor(
    private readonly db: DataSource,
    private readonly connections: ConnectionStore,
    private readonly egress: EgressClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async syncWorkspace(principal: WorkspacePrincipal): Promise<TemplateSyncResult[]> {
    const rows = (await this.connections.list(principal.workspaceId)).filter((c) => c.platform === 'whatsapp' && c.status !== 'disabled');
    const results: TemplateSyncResult[] = [];
    for (const row of rows) {
      const base = { connectionId: row.id, connectionName: row.name };
      const wabaId = String(row.config?.wabaId ?? '').trim();
      if (!WABA_ID.test(wabaId)) {
        results.push({ ...base, ok: false, error: 'Set the WhatsApp Business Account id (digits) on this connection to sync its templates.' });
        continue;
      }
      const token = this.connections.open(row.secretsEncrypted).accessToken ?? '';
      const upstream = await this.fetchAll(wabaId, token);
      if (!upstream.ok) {
        results.push({ ...base, ok: false, error: upstream.error });
        continue;
      }
      results.push({ ...base, ok: true, ...(await this.store(principal.workspaceId, row.id, upstream.templates)) });
    }
    return results;
  }

  private async fetchAll(wabaId: string, token: string): Promise<{ ok: true; templates: UpstreamTemplate[] } | { ok: false; error: string }> {
    const { metaGraphUrl, metaGraphVersion } = this.config.channelApis;
    const templates: UpstreamTemplate[] = [];
    let after: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      // The next page is asked with the `after` cursor on our configured base, never by following `paging.next` as
      // given: that URL is Meta's to choose and would carry the request to whatever host it names.
      const query = new URLSearchParams({ fields: FIELDS, limit: String(PAGE_SIZE), ...(after ? { after } : {}) });
      const outcome = await callGraph(this.egress, { method: 'GET', url: `${metaGraphUrl}/${metaGraphVersion}/${encodeURIComponent(wabaId)}/message_templates?${query}`, token });
      if (!outcome.ok) return { ok: false, error: `WhatsApp refused the template list (${outcome.failure.kind}): ${outcome.failure.message}` };
      const data = Array.isArray(outcome.json.data) ? outcome.json.data : [];
      for (const item of data) {
        const t = parseTemplate(item);
        if (t) templates.push(t);
      }
      const paging = (outcome.json.paging ?? {}) as { next?: unknown; cursors?: { after?: unknown } };
      const cursor = typeof paging.cursors?.after === 'string' ? paging.cursors.after : undefined;
      if (!paging.next || !cursor || cursor === after) return { ok: true, templates };
      after = cursor;
    }
    return { ok: false, error: `WhatsApp kept paging past ${MAX_PAGES * PAGE_SIZE} templates; nothing was changed.` };
  }

  private async store(workspaceId: string, connectionId: string, templates: UpstreamTemplate[]) {
    const known = templates.filter((t) => CATEGORIES.has(t.category.toLowerCase()));
    return this.db.transaction(async (tx) => {
      let created = 0;
      for (const t of known) {
        const body = bodyText(t.components);
        const [row] = await tx.query(
          `INSERT INTO whatsapp_templates (workspace_id, connection_id, name, language, category, status, body, components, synced_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now())
           ON CONFLICT (connection_id, name, language) DO UPDATE
             SET category = EXCLUDED.category, status = EXCLUDED.status, body = EXCLUDED.body, components = EXCLUDED.components,
                 synced_at = now(), missing_upstream_at = NULL, updated_at = now()
           RETURNING (xmax = 0) AS inserted`,
          [workspaceId, connectionId, t.name, t.language, t.category.toLowerCase(), STATUS[t.status.toUpperCase()] ?? 'pending', body, JSON.stringify(t.components)],
        );
        if (row.inserted) created++;
      }
      const [, missing]: [unknown, number] = await tx.query(
        `UPDATE whatsapp_templates SET missing_upstream_at = now(), updated_at = now()
          WHERE connection_id = $1 AND workspace_id = $2 AND missing_upstream_at IS NULL AND NOT (name || '/' || language = ANY($3::text[]))`,
        [connectionId, workspaceId, known.map((t) => `${t.name}/${t.language}`)],
      );
      return { listed: known.length, created, missing, skipped: templates.length - known.length };
    });
  }
}

function parseTemplate(item: unknown): UpstreamTemplate | null {
  if (!item || typeof item !== 'object') return null;
  const t = item as Record<string, unknown>;
  if (typeof t.name !== 'string' || typeof t.language !== 'string' || typeof t.status !== 'string' || typeof t.category !== 'string') return null;
  return { name: t.name, language: t.language, status: t.status, category: t.category, components: Array.isArray(t.components) ? t.components : [] };
}

/** The BODY component's text (the part `{{n}}` parameters fill); a template without one has an empty body. */
function bodyText(components: unknown[]): string {
  const body = components.find((c): c is { type: string; text?: unknown } => !!c && typeof c === 'object' && String((c as { type?: unknown }).type).toUpperCase() === 'BODY');
  return typeof body?.text === 'string' ? body.text : '';
}
