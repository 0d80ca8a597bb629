import { SECRET_BOX } from '../../../api/src/channels/channels.tokens';
import type { SecretBox } from '../../../api/src/channels/secrets/secret-box';
import { HandoffsService } from '../../../api/src/inbox/handoffs.service';
import type { TestApp } from '../../support/test-app';

export interface SeededConversation {
  connectionId: string;
  contactId: string;
  conversationId: string;
}

let counter = 0;

/**
 * A conversation on a channel connection, handed off to humans as the runtime host does when a flow reaches a
 * `handoff` node — so inbox tests do not depend on a platform or a flow.
 */
export async function seedHandedOffConversation(
  t: TestApp,
  workspaceId: string,
  options: { platform?: string; lastInboundHoursAgo?: number; team?: string | null; firstName?: string } = {},
): Promise<SeededConversation> {
  counter += 1;
  const platform = options.platform ?? 'messenger';
  const box = t.app.get<SecretBox>(SECRET_BOX);
  const sealed = box.seal({ accessToken: 'test-token' });
  const [connection] = await t.db.query(
    `INSERT INTO channel_connections (workspace_id, platform, name, external_account_id, secrets_encrypted, secrets_key_id)
     VALUES ($1, $2, 'Test page', $3, $4, $5) ON CONFLICT (workspace_id, platform, external_account_id) DO UPDATE SET name = excluded.name RETURNING id`,
    [workspaceId, platform, `page-${platform}`, sealed, box.currentKeyId],
  );
  const [contact] = await t.db.query(
    `INSERT INTO contacts (workspace_id, connection_id, external_id, name, first_name, last_inbound_at)
     VALUES ($1, $2, $3, $4, $5, now() - make_interval(secs => $6)) RETURNING id`,
    [workspaceId, connection.id, `psid-${counter}-${Date.now()}`, `${options.firstName ?? 'Casey'} Contact`, options.firstName ?? 'Casey', (options.lastInboundHoursAgo ?? 1) * 3600],
  );
  const [conversation] = await t.db.query(
    `INSERT INTO conversations (workspace_id, connection_id, contact_id, status) VALUES ($1, $2, $3, 'handed-off') RETURNING id`,
    [workspaceId, connection.id, contact.id],
  );
  await t.db.transaction((tx) =>
    t.app.get(HandoffsService).open(tx, {
      workspaceId,
      conversationId: conversation.id,
      nodeId: 'n-handoff',
      team: options.team ?? null,
      priority: 'normal',
      note: 'Wants a refund',
    }),
  );
  return { connectionId: connection.id, contactId: contact.id, conversationId: conversation.id };
}
