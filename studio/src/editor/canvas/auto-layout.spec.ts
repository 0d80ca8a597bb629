import type { FlowDocument } from '../../nodes/runtime-catalog';
import { autoLayout } from './auto-layout';

const node = (id: string) => ({ id, type: 'end', position: { x: 0, y: 0 }, config: {} });

describe('autoLayout', () => {
  it('places each step to the right of the one leading to it, without overlaps', () => {
    const document: FlowDocument = {
      schemaVersion: 1,
      triggers: [],
      nodes: [node('a'), node('b'), node('c')],
      edges: [
        { id: 'e1', source: 'a', sourceOutput: 'yes', target: 'b' },
        { id: 'e2', source: 'a', sourceOutput: 'no', target: 'c' },
      ],
      variables: [],
      notes: [],
    };
    const positions = autoLayout(document);
    const [a, b, c] = ['a', 'b', 'c'].map((id) => positions.get(id)!);
    expect(b.x).toBeGreaterThan(a.x + 240);
    expect(c.x).toBe(b.x);
    expect(Math.abs(b.y - c.y)).toBeGreaterThanOrEqual(120);
  });
});
