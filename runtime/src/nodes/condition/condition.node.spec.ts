import { probeFlow, startFlow, testContext, texts } from '../../testing/engine-test-kit';
import { conditionNode } from './condition.node';

const group = (id: string, rules: unknown[], match = 'all') => ({ id, match, rules });

function taken(config: Record<string, unknown>, context = testContext()): string[] {
  return texts(startFlow(probeFlow('condition', config), context).effects);
}

describe('condition node', () => {
  it('follows the first passing group, else the else output', () => {
    const config = { groups: [group('vip', [{ source: 'tags', operator: 'has-tag', value: 'VIP' }]), group('fr', [{ source: 'contact', field: 'locale', operator: 'starts-with', value: 'fr' }])] };
    expect(taken(config, testContext({ contact: { tags: ['vip'], locale: 'fr_FR' } }))).toEqual(['→ group:vip']);
    expect(taken(config, testContext({ contact: { tags: [], locale: 'fr_FR' } }))).toEqual(['→ group:fr']);
    expect(taken(config, testContext({ contact: { tags: [] } }))).toEqual(['→ else']);
  });

  it('supports all/any matching and numeric comparison of variables', () => {
    const rules = [{ source: 'variable', field: 'budget', operator: 'gte', value: '1000' }, { source: 'channel', operator: 'equals', value: 'instagram' }];
    const base = startFlow(probeFlow('condition', { groups: [group('big', rules, 'all')] }));
    const withBudget = { ...base.conversation, variables: { budget: 5000 } };
    expect(texts(startFlow(probeFlow('condition', { groups: [group('big', rules, 'all')] }), testContext(), withBudget).effects)).toEqual(['→ else']);
    expect(texts(startFlow(probeFlow('condition', { groups: [group('big', rules, 'any')] }), testContext(), withBudget).effects)).toEqual(['→ group:big']);
  });

  it('checks time of day and day of week in the workspace time zone', () => {
    // 10:00 UTC on Monday is 19:00 in Tokyo
    const config = { groups: [group('evening', [{ source: 'time-of-day', operator: 'between', values: ['18:00', '23:00'] }, { source: 'day-of-week', operator: 'in', values: ['mon', 'tue'] }])] };
    expect(taken(config, testContext({ workspace: { timeZone: 'Asia/Tokyo' } }))).toEqual(['→ group:evening']);
    expect(taken(config, testContext({ workspace: { timeZone: 'UTC' } }))).toEqual(['→ else']);
  });

  it('handles presence, membership and dates', () => {
    const ctx = testContext({ contact: { email: 'a@b.co', plan: 'pro', signup: '2025-06-01', tags: [] } });
    expect(taken({ groups: [group('g', [{ source: 'contact', field: 'email', operator: 'is-set' }])] }, ctx)).toEqual(['→ group:g']);
    expect(taken({ groups: [group('g', [{ source: 'contact', field: 'phone', operator: 'is-not-set' }])] }, ctx)).toEqual(['→ group:g']);
    expect(taken({ groups: [group('g', [{ source: 'contact', field: 'plan', operator: 'in', values: ['pro', 'team'] }])] }, ctx)).toEqual(['→ group:g']);
    expect(taken({ groups: [group('g', [{ source: 'contact', field: 'signup', operator: 'before', value: '2026-01-01' }])] }, ctx)).toEqual(['→ group:g']);
    expect(taken({ groups: [group('g', [{ source: 'contact', field: 'constructor', operator: 'is-set' }])] }, ctx)).toEqual(['→ else']);
  });

  it('declares one output per group plus else and requires a field for variable rules', () => {
    expect(conditionNode.outputs(conditionNode.configSchema.parse(conditionNode.defaultConfig()))).toEqual(['group:g1', 'else']);
    expect(conditionNode.configSchema.safeParse({ groups: [group('g', [{ source: 'variable', operator: 'is-set' }])] }).success).toBe(false);
  });
});
