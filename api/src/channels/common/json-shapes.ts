import { createHash } from 'node:crypto';

/** Platform timestamps come as ms or s, number or string: one Date (now, if missing or nonsense). */
export function toDate(value: unknown, unit: 'ms' | 's' | 'auto' = 'auto'): Date {
  const n = typeof value === 'string' ? Number(value) : typeof value === 'number' ? value : NaN;
  if (!Number.isFinite(n) || n <= 0) return new Date();
  const ms = unit === 'ms' ? n : unit === 's' ? n * 1000 : n < 1e11 ? n * 1000 : n;
  const date = new Date(ms);
  // Out of Date's range (or absurd): the arrival time, never an Invalid Date that would break the insert.
  return Number.isNaN(date.getTime()) || date.getUTCFullYear() > 9999 ? new Date() : date;
}

/** A plain object or an empty one: parsers never throw on unexpected shapes. */
export type Obj = Record<string, unknown>;

export function obj(value: unknown): Obj {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Obj) : {};
}

export function arr(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
}

/**
 * Untrusted JSON as text, never throwing: strings and numbers as they are, anything else as JSON
 * (`String(x)` throws on an object whose `toString` is not a function, and fuzzing sends exactly that).
 */
export function asText(value: unknown): string {
  const direct = str(value);
  if (direct !== undefined) return direct;
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return '';
  }
}

/** A stable id for an event that carries none: a digest of its content (same delivery → same id → de-duplicated). */
export function digestId(prefix: string, value: unknown): string {
  return `${prefix}:${createHash('sha256').update(JSON.stringify(value) ?? '').digest('hex').slice(0, 32)}`;
}

/** PostgreSQL text and jsonb refuse U+0000: strip it from every string of an event, so one odd byte cannot poison a delivery. */
export function stripNul<T>(value: T): T {
  if (typeof value === 'string') return value.replaceAll('\u0000', '') as T;
  if (Array.isArray(value)) return value.map(stripNul) as T;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [stripNul(k), stripNul(v)])) as T;
  }
  return value;
}

/** The entries whose value is present, so optional fields are left out instead of stored as null. */
export function defined<T extends Record<string, unknown>>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as Partial<T>;
}
