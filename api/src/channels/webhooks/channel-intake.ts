import type { ChannelConnection, NormalizedEvent } from '../channel-adapter';

/** What the webhook needs from the runtime host's intake (IntakeService, issue #9): a durable, de-duplicating store. */
export interface ChannelIntake {
  accept(connection: ChannelConnection, events: NormalizedEvent[]): Promise<{ accepted: number; duplicates: number }>;
}

export const CHANNEL_INTAKE = Symbol('CHANNEL_INTAKE');
