import { freePosition } from './free-position';

describe('freePosition', () => {
  it('keeps the wanted spot when it is free', () => {
    expect(freePosition([{ position: { x: 1000, y: 0 } }], { x: 0, y: 0 })).toEqual({ x: 0, y: 0 });
  });

  it('moves below the cards that would be covered', () => {
    const nodes = [{ position: { x: 10, y: 0 } }, { position: { x: 0, y: 170 } }];
    expect(freePosition(nodes, { x: 0, y: 20 })).toEqual({ x: 0, y: 340 });
  });
});
