/** Values a template can read. Only own, enumerable-or-not properties are visible; never the prototype chain. */
export type TemplateScope = Readonly<Record<string, unknown>>;

export interface RenderOptions {
  /** Hard cap on the rendered output, in UTF-16 code units (default 10,000). */
  maxLength?: number;
  /** How substituted values are escaped: `none` (default), `json` (inside a JSON string literal), `url` (a URL component). */
  escape?: 'none' | 'json' | 'url';
}

/** The default output cap, in characters. */
export const TEMPLATE_MAX_LENGTH = 10_000;

// `{{ path }}` or `{{ path | "fallback" }}`; anything else between braces is left as typed.
const PLACEHOLDER = /\{\{\s*([A-Za-z_][\w-]*(?:\.[\w-]+|\[\d+\])*)\s*(?:\|\s*(?:"([^"]*)"|'([^']*)'))?\s*\}\}/g;
const FORBIDDEN_SEGMENTS = new Set(['__proto__', 'prototype', 'constructor']);
const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

/**
 * Renders `{{contact.first_name}}`-style placeholders against `scope` in one pass.
 *
 * Logic-less by design (no helpers, no code): a missing or empty value renders its fallback
 * (`{{contact.first_name | "there"}}`) or nothing; substituted values are never re-parsed, so a
 * contact named `{{secrets.x}}` stays literal; only own properties are read (`__proto__`,
 * `constructor` and `prototype` are refused); output is capped at `maxLength`.
 */
export function renderTemplate(template: string, scope: TemplateScope, options: RenderOptions = {}): string {
  const maxLength = options.maxLength ?? TEMPLATE_MAX_LENGTH;
  if (typeof template !== 'string') return '';
  if (template.indexOf('{{') === -1) return capLength(template, maxLength);
  const escape = options.escape ?? 'none';
  let out = '';
  for (const part of compileTemplate(template)) {
    if (typeof part === 'string') out += part;
    else {
      const value = part.segments ? stringify(resolveSegments(scope, part.segments)) : '';
      out += escapeValue(value !== '' ? value : part.fallback, escape);
    }
    if (out.length > maxLength) break; // stop early on expansion bombs
  }
  return capLength(out, maxLength);
}

/** A template split once into literal text and placeholders (segments null when the path is forbidden). */
type TemplatePart = string | { segments: string[] | null; fallback: string };
const compiledTemplates = new Map<string, TemplatePart[]>();

function compileTemplate(template: string): TemplatePart[] {
  let parts = compiledTemplates.get(template);
  if (parts) return parts;
  parts = [];
  let last = 0;
  for (const match of template.matchAll(PLACEHOLDER)) {
    const index = match.index ?? 0;
    if (index > last) parts.push(template.slice(last, index));
    const segments = splitPath(match[1]);
    parts.push({ segments: segments.some((seg) => FORBIDDEN_SEGMENTS.has(seg)) ? null : segments, fallback: match[2] ?? match[3] ?? '' });
    last = index + match[0].length;
  }
  if (last < template.length) parts.push(template.slice(last));
  if (compiledTemplates.size > 5000) compiledTemplates.clear();
  compiledTemplates.set(template, parts);
  return parts;
}

/** Reads `a.b[0].c` from `root` through own properties only; undefined when any segment is missing or forbidden. */
export function resolvePath(root: unknown, path: string): unknown {
  return resolveSegments(root, splitPath(path));
}

function resolveSegments(root: unknown, segments: readonly string[]): unknown {
  let current: unknown = root;
  for (const segment of segments) {
    if (FORBIDDEN_SEGMENTS.has(segment)) return undefined;
    if (current === null || typeof current !== 'object') return undefined;
    if (!hasOwn(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

/** Splits `a.b[0].c` into `['a', 'b', '0', 'c']`. */
export function splitPath(path: string): string[] {
  if (path.indexOf('[') === -1) return path.split('.').filter((s) => s.length > 0);
  return path
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter((s) => s.length > 0);
}

/** The paths a template reads, e.g. `['contact.first_name', 'vars.order_id']`. */
export function templateReferences(template: string): string[] {
  const refs: string[] = [];
  for (const match of template.matchAll(PLACEHOLDER)) refs.push(match[1]);
  return refs;
}

function stringify(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value) && value.every((v) => typeof v !== 'object' || v === null)) {
    return value.filter((v) => v !== null && v !== undefined).join(', ');
  }
  if (typeof value === 'object') {
    try {
      return JSON.stringify(value) ?? '';
    } catch {
      return '';
    }
  }
  return '';
}

function escapeValue(value: string, escape: 'none' | 'json' | 'url'): string {
  if (escape === 'json') return JSON.stringify(value).slice(1, -1);
  if (escape === 'url') {
    try {
      return encodeURIComponent(value);
    } catch {
      return ''; // lone surrogates cannot be URL-encoded
    }
  }
  return value;
}

function capLength(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, max);
  // do not leave half a surrogate pair at the end
  const last = cut.charCodeAt(cut.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
  return cut;
}
