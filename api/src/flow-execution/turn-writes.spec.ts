import { sumCounters } from './turn-writes';

describe('sumCounters (one delta row per counter key for a turn batch)', () => {
  const row = (over: Partial<Parameters<typeof sumCounters>[0][number]>) => ({ workspaceId: 'w', flowId: 'f', versionId: 'v1', nodeId: 'n', metric: 'entered', output: '', n: 1, ...over });

  it('adds up the counts of equal keys and keeps different keys apart', () => {
    const summed = sumCounters([row({}), row({ n: 2 }), row({ metric: 'took', output: 'yes' }), row({ versionId: 'v2' }), row({ workspaceId: 'w2' }), row({ metric: 'took', output: 'yes' })]);
    expect(summed).toEqual([row({ n: 3 }), row({ metric: 'took', output: 'yes', n: 2 }), row({ versionId: 'v2' }), row({ workspaceId: 'w2' })]);
  });

  it('does not confuse keys whose parts contain the separator', () => {
    expect(sumCounters([row({ nodeId: 'a b', output: '' }), row({ nodeId: 'a', output: 'b ' })])).toHaveLength(2);
  });

  it('leaves its input rows unchanged', () => {
    const input = [row({}), row({})];
    sumCounters(input);
    expect(input.map((r) => r.n)).toEqual([1, 1]);
  });
});
