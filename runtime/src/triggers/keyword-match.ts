import type { KeywordMode } from '../flow/trigger.schema';

/** Options of keyword comparison (defaults: case- and accent-insensitive). */
export interface KeywordOptions {
  caseSensitive?: boolean;
  accentSensitive?: boolean;
}

const MAX_TEXT = 2000; // bounds the work on hostile input, including user regexes
const regexCache = new Map<string, RegExp | null>();

// Matching one message against many triggers normalizes the same strings again and again.
const normalizedCache = new Map<string, string>();
const wordsCache = new Map<string, string[]>();

/** Lower-cases, strips accents (é → e), collapses whitespace. */
export function normalizeText(text: string, options: KeywordOptions = {}): string {
  const key = `${options.caseSensitive ? 1 : 0}${options.accentSensitive ? 1 : 0}${text}`;
  let cached = normalizedCache.get(key);
  if (cached === undefined) {
    cached = normalizeUncached(text, options);
    if (normalizedCache.size > 1000) normalizedCache.clear();
    normalizedCache.set(key, cached);
  }
  return cached;
}

function normalizeUncached(text: string, options: KeywordOptions): string {
  let t = text.length > MAX_TEXT ? text.slice(0, MAX_TEXT) : text;
  if (!options.accentSensitive) t = t.normalize('NFKD').replace(/\p{M}+/gu, '');
  else t = t.normalize('NFC');
  if (!options.caseSensitive) t = t.toLowerCase();
  return t.replace(/\s+/gu, ' ').trim();
}

/** Words of a normalized text: runs of letters and digits. */
export function words(normalized: string): string[] {
  let cached = wordsCache.get(normalized);
  if (!cached) {
    cached = normalized.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 0);
    if (wordsCache.size > 1000) wordsCache.clear();
    wordsCache.set(normalized, cached);
  }
  return cached;
}

/** True when `keyword` matches `text` in `mode`. */
export function keywordMatches(text: string, keyword: string, mode: KeywordMode, options: KeywordOptions = {}): boolean {
  if (mode === 'regex') return regexMatches(text, keyword, options);
  const t = normalizeText(text, options);
  const k = normalizeText(keyword, options);
  if (k === '') return false;
  switch (mode) {
    case 'is': {
      const strip = (s: string) => s.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
      const ks = strip(k);
      return ks === '' ? t === k : strip(t) === ks;
    }
    case 'contains':
      return t.includes(k);
    case 'starts-with':
      return t.startsWith(k);
    case 'whole-word':
      return containsWords(t, k);
  }
}

/** True when any of `excluded` appears in `text` as a whole word (or substring for symbol-only words). */
export function containsExcluded(text: string, excluded: readonly string[], options: KeywordOptions = {}): boolean {
  if (excluded.length === 0) return false;
  const t = normalizeText(text, options);
  return excluded.some((word) => {
    const w = normalizeText(word, options);
    return w !== '' && containsWords(t, w);
  });
}

function containsWords(normalizedText: string, normalizedKeyword: string): boolean {
  const kw = words(normalizedKeyword);
  if (kw.length === 0) return normalizedText.includes(normalizedKeyword); // emoji or punctuation keyword
  const tw = words(normalizedText);
  outer: for (let i = 0; i + kw.length <= tw.length; i++) {
    for (let j = 0; j < kw.length; j++) if (tw[i + j] !== kw[j]) continue outer;
    return true;
  }
  return false;
}

function regexMatches(text: string, pattern: string, options: KeywordOptions): boolean {
  const key = `${options.caseSensitive ? 'c' : 'i'}${pattern}`;
  let re = regexCache.get(key);
  if (re === undefined) {
    re = compileRegex(pattern, options.caseSensitive ? 'u' : 'iu');
    if (regexCache.size > 500) regexCache.clear();
    regexCache.set(key, re);
  }
  if (!re) return false;
  const subject = options.accentSensitive ? text.slice(0, MAX_TEXT) : normalizeText(text, { ...options, caseSensitive: true });
  return re.test(subject);
}

/** A user regex, or null when it does not compile. */
export function compileRegex(pattern: string, flags = 'iu'): RegExp | null {
  try {
    return new RegExp(pattern, flags);
  } catch {
    return null;
  }
}
