import { simulate } from '../engine/simulate';
import { appointmentRemindersFlow as flow } from '../fixtures/appointment-reminders.flow';
import { DAY, effects, say, textsAt, wait } from './scenario-kit';

const book = [say('I want to book'), say('2026-01-20'), say('Morning')];

describe('scenario: appointment request with reminders', () => {
  it('takes the request, saves it on the contact, tags it and schedules the reminder', () => {
    const r = simulate(flow, book);
    expect(effects(r, 'send-message')[0].typingDelayMs).toBe(800);
    expect(textsAt(r, 2)).toEqual(["Done! We'll confirm 2026-01-20 (morning). I'll remind you tomorrow."]);
    expect(r.contact).toMatchObject({ next_appointment: '2026-01-20 (morning)', tags: ['appointment-requested'] });
    expect(Object.values(r.pendingTimers)).toEqual(['2026-01-06T10:00:00.000Z']);
    expect(r.conversation?.wait).toMatchObject({ kind: 'timer', nodeId: 'n-wait' });
  });

  it('sends the reminder a day later and confirms at once during office hours', () => {
    const r = simulate(flow, [...book, wait(DAY), say("I'll be there")]);
    expect(textsAt(r, 3)).toEqual(['Reminder: your appointment on 2026-01-20 (morning).']);
    expect(textsAt(r, 4)).toEqual(['Great, see you soon! Reply here if anything changes.']);
    expect(r.conversation?.status).toBe('ended');
  });

  it('waits for Monday 09:00 when the contact confirms on a weekend', () => {
    const r = simulate(flow, [...book, wait(DAY), say("I'll be there"), wait(2 * DAY)], { start: '2026-01-09T10:00:00.000Z' });
    expect(effects(r, 'schedule-timer').map((t) => t.fireAt)).toEqual(['2026-01-10T10:00:00.000Z', '2026-01-12T09:00:00.000Z']);
    expect(r.transcript.at(-1)?.at).toBe('2026-01-12T09:00:00.000Z');
    expect(r.sent.at(-1)).toBe('Great, see you soon! Reply here if anything changes.');
  });

  it('cancels from the reminder and removes the tag', () => {
    const r = simulate(flow, [...book, wait(DAY), say('Cancel', 'n-reminder/cancel')]);
    expect(textsAt(r, 4)).toEqual(['Cancelled. Type "book" to pick another day.']);
    expect(r.contact.tags).toEqual([]);
  });

  it('gives up politely after three unreadable dates', () => {
    const r = simulate(flow, [say('appointment'), say('next tuesday'), say('soon'), say('32/01/2026')]);
    expect(textsAt(r, 1)).toEqual(["I couldn't read that date. Which day works for you? (YYYY-MM-DD)"]);
    expect(textsAt(r, 3)).toEqual(["Sorry, I still couldn't read a date. Please call us on +1 555 0100."]);
  });

  it('accepts a day-first date and saves it as ISO', () => {
    const r = simulate(flow, [say('book'), say('20/01/2026')]);
    expect(r.conversation?.variables.appointment_date).toBe('2026-01-20');
    expect(textsAt(r, 1)).toEqual(['Morning or afternoon?']);
  });
});
