import { diffMarks } from './diff-marks';
import { ghostCards, removedSteps } from './ghost-cards';

describe('diffMarks', () => {
  it('marks added, changed, moved and removed steps, a change outranking a move', () => {
    const marks = diffMarks({ nodes: { added: ['a'], removed: ['gone'], changed: [{ id: 'b', fields: ['config.text'] }], moved: ['b', 'c'] } });
    expect(marks).toEqual({ a: 'added', b: 'changed', c: 'moved', gone: 'removed' });
  });
});

describe('ghost cards', () => {
  const older = {
    nodes: [
      { id: 'kept', type: 'send-message', position: { x: 0, y: 0 }, config: {} },
      { id: 'gone', type: 'end', position: { x: 300, y: 40 }, config: {} },
    ],
  };

  it('draws only the removed steps, where the older version had them, inert and apart from draft ids', () => {
    const ghosts = ghostCards(removedSteps(older, ['gone']), () => [], new Set(['send-message', 'end']));
    expect(ghosts).toEqual([
      expect.objectContaining({ id: 'ghost:gone', type: 'end', position: { x: 300, y: 40 }, selectable: false, draggable: false, connectable: false, deletable: false }),
    ]);
    expect(ghosts[0].data.node.id).toBe('gone');
  });

  it('ignores an older document it cannot read', () => {
    expect(removedSteps(null, ['gone'])).toEqual([]);
    expect(removedSteps({ nodes: 'x' }, ['gone'])).toEqual([]);
  });
});
