import type { NodeAnalytics } from '../../api-client/analytics-api';
import { dropOffRate, edgeCount, formatRate, heatColour, periodRange } from './analytics-view';

const stats = (over: Partial<NodeAnalytics>): NodeAnalytics => ({
  nodeId: 'n', entered: 0, outputs: {}, stoppedHere: 0, answered: 0, invalid: 0, timedOut: 0, clicks: 0, sent: 0, delivered: 0, read: 0, failed: 0, blocked: 0, ...over,
});

describe('analytics view helpers', () => {
  it('colours the busiest step red and an idle one grey-blue', () => {
    expect(heatColour(100, 100)).toBe('hsl(0 80% 50%)');
    expect(heatColour(0, 100)).toBe('hsl(210 15% 75%)');
    expect(heatColour(25, 100)).toBe('hsl(105 80% 50%)');
  });

  it('gives a drop-off rate only for steps that are expected to lead on', () => {
    expect(dropOffRate(stats({ entered: 200, stoppedHere: 50 }), true)).toBe(0.25);
    expect(dropOffRate(stats({ entered: 200, stoppedHere: 200 }), false)).toBeNull();
    expect(dropOffRate(stats({ entered: 0 }), true)).toBeNull();
    expect(dropOffRate(undefined, true)).toBeNull();
  });

  it('reads an edge count from the source step and output', () => {
    const map = new Map([['ask', stats({ outputs: { answered: 7, timeout: 2 } })]]);
    expect(edgeCount(map, 'ask', 'answered')).toBe(7);
    expect(edgeCount(map, 'ask', 'invalid')).toBe(0);
    expect(edgeCount(map, 'other', 'next')).toBe(0);
  });

  it('ends a period now and formats rates', () => {
    const now = Date.parse('2026-03-10T12:00:00Z');
    expect(periodRange('24h', now)).toEqual({ from: '2026-03-09T12:00:00.000Z', to: '2026-03-10T12:00:00.000Z' });
    expect(formatRate(0.5)).toBe('50%');
    expect(formatRate(0.0456)).toBe('4.6%');
    expect(formatRate(null)).toBe('–');
  });
});
