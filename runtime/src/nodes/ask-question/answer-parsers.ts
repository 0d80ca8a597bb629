/** Parses a contact's answer for an ask-question node. `null` means "not a valid answer". */
export type ParsedAnswer = { value: string | number } | null;

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,255}\.[^\s@]{2,63}$/;
const MAX_INPUT = 1000; // also bounds regex work on hostile input

export function parseEmail(text: string): ParsedAnswer {
  const t = text.trim();
  return EMAIL.test(t) ? { value: t.toLowerCase() } : null;
}

export function parsePhone(text: string): ParsedAnswer {
  const t = text.trim();
  if (!/^\+?[0-9 ().-]{6,25}$/.test(t)) return null;
  const digits = t.replace(/\D/g, '');
  if (digits.length < 7 || digits.length > 15) return null;
  return { value: (t.startsWith('+') ? '+' : '') + digits };
}

export function parseNumber(text: string, min?: number, max?: number): ParsedAnswer {
  const t = text.trim().replace(/\s/g, '').replace(/^(-?\d+),(\d+)$/, '$1.$2');
  if (!/^-?\d+(\.\d+)?$/.test(t)) return null;
  const n = Number(t);
  if (!Number.isFinite(n)) return null;
  if (min !== undefined && n < min) return null;
  if (max !== undefined && n > max) return null;
  return { value: n };
}

/** Accepts YYYY-MM-DD, DD/MM/YYYY and DD.MM.YYYY; returns an ISO date (YYYY-MM-DD). */
export function parseDate(text: string): ParsedAnswer {
  const t = text.trim();
  let y: number, m: number, d: number;
  let match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
  if (match) [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else {
    match = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$/.exec(t);
    if (!match) return null;
    [d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
  }
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return { value: date.toISOString().slice(0, 10) };
}

export function parseRegex(text: string, pattern: string): ParsedAnswer {
  const t = text.trim();
  if (t.length > MAX_INPUT) return null;
  try {
    return new RegExp(pattern, 'u').test(t) ? { value: t } : null;
  } catch {
    return null;
  }
}

export function parseText(text: string): ParsedAnswer {
  const t = text.trim();
  return t.length > 0 && t.length <= MAX_INPUT ? { value: t } : null;
}
