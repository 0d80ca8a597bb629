import { formatWaiting, waitingLevel } from './waiting-level';

describe('waitingLevel', () => {
  const thresholds = { amberMinutes: 5, redMinutes: 15 };
  it('turns amber and red at the workspace thresholds', () => {
    expect(waitingLevel(299, thresholds)).toBe('ok');
    expect(waitingLevel(300, thresholds)).toBe('amber');
    expect(waitingLevel(900, thresholds)).toBe('red');
  });
  it('formats waiting time compactly', () => {
    expect(formatWaiting(42)).toBe('42s');
    expect(formatWaiting(125)).toBe('2m');
    expect(formatWaiting(3900)).toBe('1h 5m');
    expect(formatWaiting(93600)).toBe('1d 2h');
  });
});
