import { placeholderCount } from './template-placeholders';

describe('placeholderCount', () => {
  it('counts distinct positional placeholders', () => {
    expect(placeholderCount('Hi {{1}}, your order {{2}} ships {{ 3 }}.')).toBe(3);
    expect(placeholderCount('{{1}} and again {{1}}')).toBe(1);
    expect(placeholderCount('No parameters here')).toBe(0);
  });

  it('ignores what the runtime renders itself and malformed braces', () => {
    expect(placeholderCount('Hi {{contact.first_name}} {1} {{x1}}')).toBe(0);
  });
});
