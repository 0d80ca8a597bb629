import { agentReplyWindow } from './messaging-window';

const now = new Date('2026-11-26T12:00:00Z');
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3600_000);

describe('agentReplyWindow', () => {
  it.each(['messenger', 'instagram'] as const)('%s: normal within 24 h, HUMAN_AGENT tag up to 7 days, refused after', (platform) => {
    expect(agentReplyWindow(platform, hoursAgo(23.9), now)).toEqual({ allowed: true, humanAgentTag: false });
    expect(agentReplyWindow(platform, hoursAgo(25), now)).toEqual({ allowed: true, humanAgentTag: true });
    expect(agentReplyWindow(platform, hoursAgo(24 * 7 - 1), now)).toEqual({ allowed: true, humanAgentTag: true });
    const late = agentReplyWindow(platform, hoursAgo(24 * 7 + 1), now);
    expect(late.allowed).toBe(false);
    expect(late.reason).toMatch(/over 7 days/);
  });

  it('whatsapp: 24 hours, then templates only', () => {
    expect(agentReplyWindow('whatsapp', hoursAgo(2), now).allowed).toBe(true);
    const closed = agentReplyWindow('whatsapp', hoursAgo(30), now);
    expect(closed).toMatchObject({ allowed: false });
    expect(closed.reason).toMatch(/template/);
  });

  it('x, telegram and the web chat have no window', () => {
    for (const platform of ['x', 'telegram', 'webchat'] as const) {
      expect(agentReplyWindow(platform, hoursAgo(24 * 30), now)).toEqual({ allowed: true, humanAgentTag: false });
    }
  });

  it('a contact who never wrote cannot be messaged on a windowed platform', () => {
    expect(agentReplyWindow('messenger', null, now).allowed).toBe(false);
  });
});
