import type { ContactFilter } from './contacts-api';
import { http } from './http';

// Shapes of api/src/broadcasts.

export type BroadcastStatus = 'scheduled' | 'running' | 'paused' | 'cancelled' | 'completed';

export interface BroadcastDefinition {
  kind: 'message' | 'flow';
  message?: { text: string; quickReplies?: Array<{ title: string; payload: string }> };
  flowId?: string;
  template?: { name: string; language: string; parameters?: string[] };
  audience: ContactFilter;
}

export interface BroadcastProgress {
  total: number;
  pending: number;
  queued: number;
  sent: number;
  started: number;
  failed: number;
  blocked: number;
  uncertain: number;
  skipped: number;
  cancelled: number;
  delivered: number;
  read: number;
  done: number;
  reasons: Array<{ outcome: string; reason: string; count: number }>;
}

export interface Broadcast extends BroadcastDefinition {
  id: string;
  name: string;
  status: BroadcastStatus;
  scheduledAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  recipientCount: number | null;
  createdAt: string;
  progress?: BroadcastProgress;
}

export interface EligibilityPreview {
  audience: number;
  eligible: number;
  ineligible: Array<{ reason: string; count: number; explanation: string }>;
}

export interface WhatsAppTemplate {
  id: string;
  connectionId: string;
  connectionName: string;
  name: string;
  language: string;
  category: 'marketing' | 'utility' | 'authentication';
  status: 'pending' | 'approved' | 'rejected' | 'paused' | 'disabled';
  body: string;
  /** As WhatsApp holds them (set by a sync; null for a template entered by hand). */
  components: unknown[] | null;
  syncedAt: string | null;
  /** Set when a sync no longer found it in the business account: it cannot be broadcast. */
  missingUpstreamAt: string | null;
  updatedAt: string;
}

export interface TemplateSyncResult {
  connectionId: string;
  connectionName: string;
  ok: boolean;
  error?: string;
  listed?: number;
  created?: number;
  missing?: number;
  skipped?: number;
}

export interface BroadcastSettings {
  optOutKeywords: string[];
  optInKeywords: string[];
  frequencyCapHours: number;
}

const id = (value: string) => encodeURIComponent(value);

export const broadcastsApi = {
  list: () => http<Broadcast[]>('GET', '/broadcasts'),
  get: (broadcastId: string) => http<Broadcast & { progress: BroadcastProgress }>('GET', `/broadcasts/${id(broadcastId)}`),
  preview: (definition: BroadcastDefinition) => http<EligibilityPreview>('POST', '/broadcasts/preview', definition),
  create: (broadcast: BroadcastDefinition & { name: string; scheduledAt?: string }) => http<Broadcast>('POST', '/broadcasts', broadcast),
  pause: (broadcastId: string) => http<Broadcast>('POST', `/broadcasts/${id(broadcastId)}/pause`),
  resume: (broadcastId: string) => http<Broadcast>('POST', `/broadcasts/${id(broadcastId)}/resume`),
  cancel: (broadcastId: string) => http<Broadcast>('POST', `/broadcasts/${id(broadcastId)}/cancel`),
  settings: () => http<BroadcastSettings>('GET', '/broadcasts/settings'),
  updateSettings: (settings: BroadcastSettings) => http<BroadcastSettings>('PUT', '/broadcasts/settings', settings),
  templates: () => http<WhatsAppTemplate[]>('GET', '/whatsapp-templates'),
  syncTemplates: () => http<TemplateSyncResult[]>('POST', '/whatsapp-templates/sync'),
  createTemplate: (template: Pick<WhatsAppTemplate, 'connectionId' | 'name' | 'language' | 'category' | 'status' | 'body'>) => http<WhatsAppTemplate>('POST', '/whatsapp-templates', template),
  updateTemplate: (templateId: string, changes: { status?: WhatsAppTemplate['status']; body?: string }) =>
    http<WhatsAppTemplate>('PATCH', `/whatsapp-templates/${id(templateId)}`, changes),
  deleteTemplate: (templateId: string) => http<void>('DELETE', `/whatsapp-templates/${id(templateId)}`),
};
