import { localTime } from '../../time/time-window';
import type { ConditionRule } from './condition.node';

/** What a rule can look at. */
export interface RuleInputs {
  variables: Readonly<Record<string, unknown>>;
  contact: Readonly<Record<string, unknown>>;
  tags: readonly string[];
  channel: string | undefined;
  nowMs: number;
  timeZone: string;
}

/** Evaluates one rule; unknown or missing values only satisfy `is-not-set` / `not-*` operators. */
export function evaluateRule(rule: ConditionRule, inputs: RuleInputs): boolean {
  const subject = subjectValue(rule, inputs);
  const value = rule.value ?? '';
  const values = rule.values ?? [];
  switch (rule.operator) {
    case 'is-set': return isSet(subject);
    case 'is-not-set': return !isSet(subject);
    case 'has-tag': return inputs.tags.some((t) => lower(t) === lower(value));
    case 'lacks-tag': return !inputs.tags.some((t) => lower(t) === lower(value));
    case 'equals': return equals(subject, value);
    case 'not-equals': return !equals(subject, value);
    case 'contains': return lower(subject).includes(lower(value));
    case 'not-contains': return !lower(subject).includes(lower(value));
    case 'starts-with': return lower(subject).startsWith(lower(value));
    case 'ends-with': return lower(subject).endsWith(lower(value));
    case 'in': return values.some((v) => equals(subject, v));
    case 'not-in': return !values.some((v) => equals(subject, v));
    case 'gt': return compare(subject, value, rule.source) > 0;
    case 'gte': return compare(subject, value, rule.source) >= 0;
    case 'lt': return compare(subject, value, rule.source) < 0;
    case 'lte': return compare(subject, value, rule.source) <= 0;
    case 'between': return values.length === 2 && compare(subject, values[0], rule.source) >= 0 && compare(subject, values[1], rule.source) < 0;
    case 'before': return compare(subject, value, 'date') < 0;
    case 'after': return compare(subject, value, 'date') > 0;
  }
}

function subjectValue(rule: ConditionRule, inputs: RuleInputs): unknown {
  const own = (o: Readonly<Record<string, unknown>>, k: string) => (Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined);
  switch (rule.source) {
    case 'variable': return own(inputs.variables, rule.field ?? '');
    case 'contact': return own(inputs.contact, rule.field ?? '');
    case 'tags': return inputs.tags.join(',');
    case 'channel': return inputs.channel;
    case 'time-of-day': {
      const m = localTime(inputs.nowMs, inputs.timeZone).minutes;
      return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
    }
    case 'day-of-week': return localTime(inputs.nowMs, inputs.timeZone).weekday;
    case 'date': return new Date(inputs.nowMs).toISOString();
  }
}

function isSet(v: unknown): boolean {
  return v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0);
}

function lower(v: unknown): string {
  return v === undefined || v === null ? '' : String(v).toLowerCase();
}

function equals(subject: unknown, value: string): boolean {
  if (typeof subject === 'number') return subject === Number(value);
  if (typeof subject === 'boolean') return String(subject) === lower(value);
  return lower(subject) === lower(value);
}

/** Numbers compare numerically, dates by instant, HH:MM and other strings lexically. NaN means "not comparable". */
function compare(subject: unknown, value: string, source: string): number {
  if (!isSet(subject)) return Number.NaN;
  if (source === 'date') {
    const a = Date.parse(String(subject));
    const b = Date.parse(value);
    return Number.isNaN(a) || Number.isNaN(b) ? Number.NaN : a - b;
  }
  const a = Number(subject);
  const b = Number(value);
  if (source !== 'time-of-day' && !Number.isNaN(a) && !Number.isNaN(b) && String(subject).trim() !== '' && value.trim() !== '') return a - b;
  const s = String(subject);
  return s === value ? 0 : s < value ? -1 : 1;
}
