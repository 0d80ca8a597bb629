import { normalizeText } from '@parley/runtime';

/** How opt-out/opt-in keywords are stored and compared: lower-case, accents folded, surrounding punctuation dropped. */
export function keywordForm(text: string): string {
  return normalizeText(text).replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
}
