import { http } from './http';

// Shapes of api/src/contacts (the contacts page).

export interface ContactFilter {
  q?: string;
  tags?: string[];
  fields?: Array<{ key: string; value: string }>;
  connectionId?: string;
  lastMessageAfter?: string;
  lastMessageBefore?: string;
  optedOut?: boolean;
}

export interface Contact {
  id: string;
  name: string | null;
  firstName: string | null;
  lastName: string | null;
  username: string | null;
  avatarUrl: string | null;
  customFields: Record<string, string | number | boolean>;
  tags: string[];
  connection: { id: string; name: string; platform: string };
  lastMessageAt: string | null;
  optedOutAt: string | null;
  createdAt: string;
}

export interface ContactProfile extends Contact {
  optOutKeyword: string | null;
  conversations: Array<{ id: string; status: string; updatedAt: string; flowName: string | null; lastOutboundAt: string | null }>;
  broadcasts: Array<{ id: string; name: string; state: string; reason: string | null; updatedAt: string }>;
}

/** The filter as the list/count/export query string (`tag` and `field` repeat). */
export function contactQuery(filter: ContactFilter, extra: Record<string, string | undefined> = {}): string {
  const params = new URLSearchParams();
  if (filter.q) params.set('q', filter.q);
  for (const tag of filter.tags ?? []) params.append('tag', tag);
  for (const f of filter.fields ?? []) params.append('field', `${f.key}:${f.value}`);
  if (filter.connectionId) params.set('connectionId', filter.connectionId);
  if (filter.lastMessageAfter) params.set('lastMessageAfter', filter.lastMessageAfter);
  if (filter.lastMessageBefore) params.set('lastMessageBefore', filter.lastMessageBefore);
  if (filter.optedOut !== undefined) params.set('optedOut', String(filter.optedOut));
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) params.set(k, v);
  const text = params.toString();
  return text ? `?${text}` : '';
}

export const contactsApi = {
  list: (filter: ContactFilter, page: { cursor?: string; limit?: number } = {}) =>
    http<{ items: Contact[]; nextCursor: string | null }>('GET', `/contacts${contactQuery(filter, { cursor: page.cursor, limit: page.limit ? String(page.limit) : undefined })}`),
  count: (filter: ContactFilter) => http<{ count: number }>('GET', `/contacts/count${contactQuery(filter)}`),
  get: (contactId: string) => http<ContactProfile>('GET', `/contacts/${encodeURIComponent(contactId)}`),
  updateFields: (contactId: string, customFields: Record<string, string | number | boolean | null>) =>
    http<ContactProfile>('PATCH', `/contacts/${encodeURIComponent(contactId)}`, { customFields }),
  bulkTags: (selection: { contactIds: string[] } | { filter: ContactFilter }, change: { add?: string[]; remove?: string[] }) =>
    http<{ updated: number }>('POST', '/contacts/tags', { ...selection, ...change }),
  /** A same-origin link: the browser downloads it with the session cookie, streamed by the server. */
  exportUrl: (filter: ContactFilter) => `/api/contacts/export.csv${contactQuery(filter)}`,
};
