import type { FlowDocument } from '@parley/runtime';
import type { EntityManager } from 'typeorm';

/**
 * On publish, the publisher may move conversations that are waiting in this flow (for a reply, a timer, an HTTP
 * answer or an agent) to the new version — but only those waiting at a step that still exists with the same id
 * and type, so their saved state means the same thing. Every other conversation stays on the version it started on.
 */
export async function moveWaitingConversations(
  tx: EntityManager,
  flowId: string,
  fromVersionId: string,
  toVersionId: string,
  before: FlowDocument,
  after: FlowDocument,
): Promise<number> {
  const typeAfter = new Map(after.nodes.map((n) => [n.id, n.type]));
  const stable = before.nodes.filter((n) => typeAfter.get(n.id) === n.type).map((n) => n.id);
  if (!stable.length) return 0;
  const [, moved]: [unknown, number] = await tx.query(
    `UPDATE conversations SET flow_version_id = $3, updated_at = now()
      WHERE flow_id = $1 AND flow_version_id = $2 AND status IN ('waiting', 'handed-off') AND current_node_id = ANY($4::text[])`,
    [flowId, fromVersionId, toVersionId, stable],
  );
  return moved;
}
