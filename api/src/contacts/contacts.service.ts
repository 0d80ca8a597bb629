import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { keywordForm } from './opt-out-keywords';

export interface ContactRow {
  id: string;
  workspace_id: string;
  external_id: string;
  name: string | null;
  first_name: string | null;
  last_name: string | null;
  username: string | null;
  avatar_url: string | null;
  custom_fields: Record<string, unknown>;
  tags: string[];
  fired_triggers: Record<string, { count: number; lastFiredAt: string }>;
  last_inbound_at: Date | null;
  opted_out_at: Date | null;
  inserted: boolean;
}

/**
 * Contacts: one per (channel connection, platform user), created on the first message with what the platform
 * gives, keeping custom fields, tags, trigger firings and the time of the last inbound message (the 24-hour window).
 * The runtime creates, refreshes and saves them for a whole turn batch in its own statements (TurnProcessor's
 * `openConversations`, TurnWrites); this service holds what a turn decides about one contact.
 */
@Injectable()
export class ContactsService {
  /**
   * A message that is exactly one of the workspace's opt-out keywords (`stop`, `unsubscribe` by default) opts the
   * contact out of broadcasts, with the time and the word; an opt-in keyword (`start`) opts it back in. The flow
   * still answers the message as usual: opting out concerns broadcasts, not replies.
   */
  async applyOptKeywords(tx: EntityManager, contact: ContactRow, text: string, keywords: { optOut: string[]; optIn: string[] }): Promise<void> {
    // Decided here, with the keywords the turn already read: most messages are no keyword and cost no query.
    if (text.length > 60) return;
    const word = keywordForm(text);
    const optOut = word !== '' && keywords.optOut.includes(word) && !contact.opted_out_at;
    const optIn = word !== '' && keywords.optIn.includes(word) && contact.opted_out_at !== null;
    if (!optOut && !optIn) return;
    const [rows]: [Array<{ opted_out_at: Date | null }>, number] = await tx.query(
      `UPDATE contacts SET opted_out_at = CASE WHEN $2 THEN now() END, opt_out_keyword = CASE WHEN $2 THEN $3 END WHERE id = $1 RETURNING opted_out_at`,
      [contact.id, optOut, word],
    );
    contact.opted_out_at = rows[0]?.opted_out_at ?? null;
  }

  /** The flat view the engine's templates read: `{{contact.first_name}}`, custom fields, tags. */
  snapshot(contact: ContactRow): Record<string, unknown> & { tags: string[] } {
    return contactTemplateScope(contact);
  }
}

/** `{{contact.*}}` as flows and broadcasts see it: custom fields, then the profile (a first name guessed from the name). */
export function contactTemplateScope(
  contact: Pick<ContactRow, 'custom_fields' | 'name' | 'first_name' | 'last_name' | 'username' | 'tags'>,
): Record<string, unknown> & { tags: string[] } {
  return {
    ...contact.custom_fields,
    name: contact.name,
    first_name: contact.first_name ?? contact.name?.split(' ')[0] ?? null,
    last_name: contact.last_name,
    username: contact.username,
    tags: contact.tags,
  };
}
