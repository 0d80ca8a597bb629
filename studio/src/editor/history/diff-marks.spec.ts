import { diffMarks } from './diff-marks';

describe('diffMarks', () => {
  it('marks added, changed and moved steps, a change outranking a move', () => {
    const marks = diffMarks({ nodes: { added: ['a'], removed: ['gone'], changed: [{ id: 'b', fields: ['config.text'] }], moved: ['b', 'c'] } });
    expect(marks).toEqual({ a: 'added', b: 'changed', c: 'moved' });
  });
});
