import fc from 'fast-check';
import { renderTemplate, TEMPLATE_MAX_LENGTH } from './render-template';

const FORBIDDEN = ['__proto__', 'constructor', 'prototype'];

describe('renderTemplate properties', () => {
  it('leaves text without placeholders unchanged (up to the cap)', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }).filter((s) => !s.includes('{{')), (text) => {
      expect(renderTemplate(text, {})).toBe(text);
    }));
  });

  it('inserts any value verbatim and never re-expands it', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }).filter((v) => v !== ''), fc.string({ maxLength: 50 }), (value, secret) => {
      const scope = { vars: { x: value, secret } };
      expect(renderTemplate('{{vars.x}}', scope)).toBe(value);
      expect(renderTemplate('[{{vars.x}}]', scope)).toBe(`[${value}]`);
    }));
  });

  it('is total and bounded for arbitrary templates and scopes', () => {
    fc.assert(fc.property(fc.string({ maxLength: 500 }), fc.jsonValue({ maxDepth: 3 }), fc.integer({ min: 0, max: 2000 }), (template, json, max) => {
      const out = renderTemplate(template, { vars: json as Record<string, unknown>, contact: json as Record<string, unknown> }, { maxLength: max });
      expect(typeof out).toBe('string');
      expect(out.length).toBeLessThanOrEqual(max);
    }));
  });

  it('never reads through prototype segments, whatever the path', () => {
    const segment = fc.oneof(fc.constantFrom(...FORBIDDEN), fc.stringMatching(/^[a-z_]{1,6}$/));
    fc.assert(fc.property(fc.array(segment, { minLength: 1, maxLength: 4 }).filter((p) => p.some((s) => FORBIDDEN.includes(s))), (path) => {
      const scope = { vars: { a: 'x' }, contact: {} };
      expect(renderTemplate(`{{${['vars', ...path].join('.')} | "fb"}}`, scope)).toBe('fb');
    }));
  });

  it('applies the default cap to expansion bombs', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 400 }), (n) => {
      const template = '{{vars.x}}'.repeat(n);
      const out = renderTemplate(template, { vars: { x: 'y'.repeat(1000) } });
      expect(out.length).toBe(Math.min(n * 1000, TEMPLATE_MAX_LENGTH));
    }), { numRuns: 30 });
  });
});
