import { Foundation1764198000000 } from './1764198000000-Foundation';
import { Flows1764200000000 } from './1764200000000-Flows';
import { Channels1764300000000 } from './1764300000000-Channels';
import { RuntimeHost1764310000000 } from './1764310000000-RuntimeHost';
import { Inbox1764320000000 } from './1764320000000-Inbox';
import { Analytics1764420000000 } from './1764420000000-Analytics';
import { AnalyticsDeltas1764420000001 } from './1764420000001-AnalyticsDeltas';
import { AnalyticsDaily1764420000002 } from './1764420000002-AnalyticsDaily';
import { Broadcasts1764430000000 } from './1764430000000-Broadcasts';
import { FlowVersionsImmutable1764200000001 } from './1764200000001-FlowVersionsImmutable';
import { SendRateBuckets1764400000000 } from './1764400000000-SendRateBuckets';
import { FlowPreview1764440000000 } from './1764440000000-FlowPreview';
import { WhatsAppTemplateSync1764450000000 } from './1764450000000-WhatsAppTemplateSync';
import { AnalyticsReachRetention1764450000001 } from './1764450000001-AnalyticsReachRetention';

/**
 * Every migration, oldest first. Committed migrations are never edited: add a new file and append it here.
 * File names are `<epoch-ms>-<PascalName>.ts`; the class name ends with the same timestamp.
 */
export const allMigrations = [Foundation1764198000000, Flows1764200000000, FlowVersionsImmutable1764200000001, Channels1764300000000, RuntimeHost1764310000000, Inbox1764320000000, SendRateBuckets1764400000000, Analytics1764420000000, AnalyticsDeltas1764420000001, AnalyticsDaily1764420000002, Broadcasts1764430000000, FlowPreview1764440000000, WhatsAppTemplateSync1764450000000, AnalyticsReachRetention1764450000001];
