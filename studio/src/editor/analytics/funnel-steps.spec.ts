import { addSlot, funnelProblem, MAX_FUNNEL_STEPS, moveSlot, newSlot, removeSlot, setSlot } from './funnel-steps';

const ids = (slots: Array<{ nodeId: string }>) => slots.map((s) => s.nodeId);

describe('funnel steps', () => {
  const abc = [newSlot('a'), newSlot('b'), newSlot('c')];

  it('moves a step up or down, keeping its key, and ignores moves past either end', () => {
    const moved = moveSlot(abc, 2, -1);
    expect(ids(moved)).toEqual(['a', 'c', 'b']);
    expect(moved[1].key).toBe(abc[2].key);
    expect(ids(moveSlot(abc, 0, 1))).toEqual(['b', 'a', 'c']);
    expect(moveSlot(abc, 0, -1)).toBe(abc);
    expect(moveSlot(abc, 2, 1)).toBe(abc);
  });

  it('adds up to 8 steps and removes down to 2', () => {
    let slots = abc;
    for (let i = 0; i < 10; i++) slots = addSlot(slots);
    expect(slots).toHaveLength(MAX_FUNNEL_STEPS);
    expect(new Set(slots.map((s) => s.key)).size).toBe(MAX_FUNNEL_STEPS);
    expect(ids(removeSlot(abc, 1))).toEqual(['a', 'c']);
    expect(ids(removeSlot(removeSlot(abc, 1), 0))).toEqual(['a', 'c']);
  });

  it('needs every step picked, none twice', () => {
    expect(funnelProblem(abc)).toBeNull();
    expect(funnelProblem(addSlot(abc))).toMatch(/every position/);
    expect(funnelProblem(setSlot(abc, 2, 'a'))).toMatch(/only once/);
  });
});
