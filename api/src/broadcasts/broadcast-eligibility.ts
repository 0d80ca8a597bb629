import { placeholderCountSql } from './template-placeholders';

/**
 * Why a contact may not receive a broadcast, in the order checked; null means eligible. The same SQL serves the
 * preview and the send (where it runs again, under the contact's row lock, in the transaction that queues).
 */
export const INELIGIBLE_REASONS = {
  NO_CHANNEL: 'The channel connection is disabled or broken.',
  OPTED_OUT: 'The contact opted out of broadcasts.',
  HANDED_OFF: 'The conversation is with an agent.',
  TEMPLATE_REQUIRED: 'WhatsApp allows broadcasts only as an approved template on this number (still listed by WhatsApp, with as many parameters as its placeholders).',
  WINDOW_CLOSED: "The contact's last message is older than 24 hours (Messenger/Instagram messaging window).",
  FREQUENCY_CAP: 'The contact already received a broadcast within the frequency cap.',
  FLOW_NOT_LIVE: 'The flow to start has no published version.',
} as const;

export type IneligibleReason = keyof typeof INELIGIBLE_REASONS;

export interface EligibilityDefinition {
  /** The broadcast being sent (its own earlier queueing does not count against the cap), or null in a preview. */
  broadcastId: string | null;
  kind: 'message' | 'flow';
  template: { name: string; language: string; parameters?: string[] } | null;
}

/**
 * Rows of (contact, connection, conversation, reason) for the contacts matching `conditions` on alias `c`.
 * `p` appends a parameter and returns its placeholder.
 */
export function eligibilityQuery(definition: EligibilityDefinition, conditions: string, p: (value: unknown) => string): string {
  const template = definition.template;
  const templateCheck = template
    ? `NOT EXISTS (SELECT 1 FROM whatsapp_templates t WHERE t.connection_id = c.connection_id AND t.name = ${p(template.name)} AND t.language = ${p(template.language)} AND t.status = 'approved'
                  AND t.missing_upstream_at IS NULL AND ${placeholderCountSql('t.body')} = ${p((template.parameters ?? []).length)})`
    : 'true';
  return `
    SELECT c.id AS contact_id, c.connection_id, c.external_id, c.name, c.first_name, c.last_name, c.username, c.custom_fields, c.tags,
           cc.platform, v.id AS conversation_id,
      CASE
        WHEN cc.status <> 'active' THEN 'NO_CHANNEL'
        WHEN c.opted_out_at IS NOT NULL THEN 'OPTED_OUT'
        WHEN v.status = 'handed-off' THEN 'HANDED_OFF'
        WHEN cc.platform = 'whatsapp' AND ${definition.kind === 'flow' ? 'true' : templateCheck} THEN 'TEMPLATE_REQUIRED'
        WHEN cc.platform IN ('messenger', 'instagram') AND (c.last_inbound_at IS NULL OR c.last_inbound_at < now() - interval '24 hours') THEN 'WINDOW_CLOSED'
        WHEN w.broadcast_cap_hours > 0 AND c.last_broadcast_at > now() - w.broadcast_cap_hours * interval '1 hour'
             AND c.last_broadcast_id IS DISTINCT FROM ${p(definition.broadcastId)}::uuid THEN 'FREQUENCY_CAP'
      END AS reason
      FROM contacts c JOIN channel_connections cc ON cc.id = c.connection_id JOIN workspaces w ON w.id = c.workspace_id
      LEFT JOIN conversations v ON v.contact_id = c.id
     WHERE ${conditions}`;
}
