import { placeholderCount } from './template-placeholders';

describe('placeholderCount', () => {
  it('counts distinct positional placeholders', () => {
    expect(placeholderCount('Hi {{1}}, your order {{2}} ships {{ 3 }}.')).toBe(3);
    expect(placeholderCount('{{1}} and again {{1}}')).toBe(1);
    expect(placeholderCount('No parameters here')).toBe(0);
  });

  it('counts named placeholders (parameter_format NAMED)', () => {
    expect(placeholderCount('Your table for {{number_of_guests}} on {{day}}, {{date}}; see you {{day}}!')).toBe(3);
  });

  it('ignores what is not a WhatsApp placeholder: runtime variables, single braces, capitals', () => {
    expect(placeholderCount('Hi {{contact.first_name}} {1} {{Name}} {{}}')).toBe(0);
  });
});
