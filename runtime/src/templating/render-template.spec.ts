import { renderTemplate, resolvePath, templateReferences } from './render-template';

const scope = { contact: { first_name: 'Ana', tags: ['vip', 'lead'], empty: '' }, vars: { order_id: 'A-42', n: 3, ok: true, obj: { a: 1 } } };

describe('renderTemplate', () => {
  it('substitutes contact fields and variables', () => {
    expect(renderTemplate('Hi {{contact.first_name}}, order {{ vars.order_id }}', scope)).toBe('Hi Ana, order A-42');
  });

  it('uses the fallback for missing or empty values', () => {
    expect(renderTemplate('Hi {{contact.last_name | "there"}}', scope)).toBe('Hi there');
    expect(renderTemplate("Hi {{contact.empty | 'you'}}", scope)).toBe('Hi you');
    expect(renderTemplate('Hi {{contact.nothing}}!', scope)).toBe('Hi !');
  });

  it('formats numbers, booleans, arrays and objects', () => {
    expect(renderTemplate('{{vars.n}} {{vars.ok}} {{contact.tags}} {{vars.obj}} {{contact.tags[1]}}', scope)).toBe('3 true vip, lead {"a":1} lead');
  });

  it('never re-expands substituted values (second-order injection)', () => {
    const evil = { contact: { first_name: '{{vars.secret}}' }, vars: { secret: 'TOKEN' } };
    expect(renderTemplate('Hi {{contact.first_name}}', evil)).toBe('Hi {{vars.secret}}');
  });

  it('refuses prototype access and code-like syntax', () => {
    expect(renderTemplate('{{__proto__}}|{{vars.constructor}}|{{contact.first_name.constructor}}|{{vars.__proto__.x}}', scope)).toBe('|||');
    expect(renderTemplate('{{constructor.constructor("return 1")()}}', scope)).toBe('{{constructor.constructor("return 1")()}}');
    expect(renderTemplate('{{#each vars}}x{{/each}} {{> partial}}', scope)).toBe('{{#each vars}}x{{/each}} {{> partial}}');
    expect(renderTemplate('{{toString}}', {})).toBe('');
  });

  it('caps the output', () => {
    const big = { vars: { x: 'a'.repeat(50_000) } };
    expect(renderTemplate('{{vars.x}}{{vars.x}}', big)).toHaveLength(10_000);
    expect(renderTemplate('{{vars.x}}', big, { maxLength: 10 })).toBe('aaaaaaaaaa');
  });

  it('escapes for JSON and URLs when asked', () => {
    const s = { vars: { q: 'a "b"\n&c' } };
    expect(JSON.parse(`"${renderTemplate('{{vars.q}}', s, { escape: 'json' })}"`)).toBe('a "b"\n&c');
    expect(renderTemplate('{{vars.q}}', s, { escape: 'url' })).toBe('a%20%22b%22%0A%26c');
  });

  it('lists the paths a template reads and resolves own properties only', () => {
    expect(templateReferences('{{contact.first_name | "x"}} {{vars.a[0]}} {{ bad syntax }}')).toEqual(['contact.first_name', 'vars.a[0]']);
    expect(resolvePath({ a: [{ b: 2 }] }, 'a[0].b')).toBe(2);
    expect(resolvePath(Object.create({ inherited: 1 }), 'inherited')).toBeUndefined();
  });
});
