import { twoProportionPValue } from './ab-significance';

describe('twoProportionPValue', () => {
  it('matches the textbook value for 200/1000 vs 250/1000 (z ≈ 2.68, p ≈ 0.0073)', () => {
    expect(twoProportionPValue(200, 1000, 250, 1000)).toBeCloseTo(0.0073, 3);
  });

  it('is 1 for identical rates and symmetric in the branches', () => {
    expect(twoProportionPValue(30, 100, 60, 200)).toBeCloseTo(1, 6);
    expect(twoProportionPValue(250, 1000, 200, 1000)).toBeCloseTo(twoProportionPValue(200, 1000, 250, 1000)!, 12);
  });

  it('finds no evidence in tiny samples', () => {
    expect(twoProportionPValue(1, 2, 0, 2)!).toBeGreaterThan(0.2);
  });

  it('has nothing to test without conversations or without variance', () => {
    expect(twoProportionPValue(0, 0, 5, 10)).toBeNull();
    expect(twoProportionPValue(0, 10, 0, 10)).toBeNull();
    expect(twoProportionPValue(10, 10, 10, 10)).toBeNull();
  });
});
