import type { TimelineEvent } from '../api-client/inbox-api';

/** One line for a system event of the timeline. Plain text: rendered by React as text, never as HTML. */
export function describeEvent(event: TimelineEvent): string {
  const actor = event.actorEmail ?? 'Someone';
  const data = event.data ?? {};
  const str = (key: string) => (typeof data[key] === 'string' ? (data[key] as string) : null);
  switch (event.kind) {
    case 'handed-off': {
      const team = str('team');
      return `Handed off by the bot${str('nodeId') ? ` (step ${str('nodeId')})` : ''}${team ? ` to ${team}` : ''}${str('note') ? ` — ${str('note')}` : ''}`;
    }
    case 'claimed':
      return `${actor} claimed the conversation`;
    case 'assigned':
      if (data.automatic) return 'Assigned automatically';
      if (str('team')) return `${actor} transferred it to the team ${str('team')}`;
      return `${actor} assigned it to another agent`;
    case 'snoozed':
      return `${actor} snoozed it until ${str('until') ? new Date(str('until')!).toLocaleString() : 'later'}`;
    case 'note':
      return `Internal note by ${actor}:`;
    case 'released':
      return `${actor} returned the conversation to the bot`;
    case 'closed':
      return `${actor} closed the conversation`;
    case 'no-agent':
      return 'No agent claimed it in time; the bot resumed';
    case 'contact-updated':
      return `${actor} updated the contact`;
    default:
      return event.kind;
  }
}
