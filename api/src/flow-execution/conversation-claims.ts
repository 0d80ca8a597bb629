import type { EngineEvent, InboundEvent } from '@parley/runtime';
import type { EntityManager } from 'typeorm';
import type { InboundContact } from '../channels/channel-adapter';
import { preparedStatement } from '../database/prepared-statement';

/** A conversation queue row: (connection, platform contact). */
export interface ConversationKey {
  connectionId: string;
  contactExternalId: string;
}

/** Pending events read per conversation per claim. */
const BATCH = 100;

export interface EventRow {
  id: string;
  workspace_id: string;
  kind: string;
  platform_ts: Date;
  payload: { contact?: InboundContact; event?: InboundEvent | EngineEvent; to?: 'human' | 'bot'; platformMessageId?: string; status?: string; error?: string };
}

/** A claimed conversation with its pending events, oldest first. */
export interface ClaimedConversation extends ConversationKey {
  events: EventRow[];
}

/**
 * Claims up to `limit` ready conversations (FOR UPDATE SKIP LOCKED: another worker skips them) with their pending
 * events, oldest first (platform timestamp, then arrival), in one statement. `only` claims one given conversation.
 */
export async function claimConversations(tx: EntityManager, limit: number, only?: ConversationKey): Promise<ClaimedConversation[]> {
  const rows: Array<EventRow & { claim_connection_id: string; claim_contact: string }> = await tx.query(
    preparedStatement(`WITH claimed AS (
       SELECT connection_id, contact_external_id FROM conversation_queue
        WHERE ready_at <= now() ${only ? 'AND connection_id = $2 AND contact_external_id = $3' : ''}
        ORDER BY ready_at LIMIT $1 FOR UPDATE SKIP LOCKED)
     SELECT c.connection_id AS claim_connection_id, c.contact_external_id AS claim_contact, e.id, e.workspace_id, e.kind, e.platform_ts, e.payload
       FROM claimed c LEFT JOIN LATERAL (
         SELECT id, workspace_id, kind, platform_ts, payload FROM inbound_events
          WHERE connection_id = c.connection_id AND contact_external_id = c.contact_external_id AND processed_at IS NULL
          ORDER BY platform_ts, id LIMIT ${BATCH}) e ON true
      ORDER BY c.connection_id, c.contact_external_id, e.platform_ts, e.id`),
    only ? [limit, only.connectionId, only.contactExternalId] : [limit],
  );
  const claims = new Map<string, ClaimedConversation>();
  for (const row of rows) {
    const key = `${row.claim_connection_id} ${row.claim_contact}`;
    let claim = claims.get(key);
    if (!claim) claims.set(key, (claim = { connectionId: row.claim_connection_id, contactExternalId: row.claim_contact, events: [] }));
    if (row.id != null) claim.events.push({ id: row.id, workspace_id: row.workspace_id, kind: row.kind, platform_ts: row.platform_ts, payload: row.payload });
  }
  return [...claims.values()];
}
