import { ofType, probeFlow, startFlow, testContext, texts } from '../../testing/engine-test-kit';
import { setVariableNode } from './set-variable.node';

describe('set-variable node', () => {
  it('stores a literal value as typed', () => {
    const { conversation, effects } = startFlow(probeFlow('set-variable', { name: 'score', mode: 'literal', value: 7 }));
    expect(conversation.variables.score).toBe(7);
    expect(texts(effects)).toEqual(['→ next']);
  });

  it('renders a template value once, without re-expanding what it inserts', () => {
    const ctx = testContext({ contact: { first_name: '{{vars.secret}}', tags: [] } });
    const flow = probeFlow('set-variable', { name: 'greeting', mode: 'template', value: 'Hi {{contact.first_name}}' });
    const { conversation } = startFlow(flow, ctx, { ...startFlow(flow).conversation, variables: { secret: 's3cr3t' } });
    expect(conversation.variables.greeting).toBe('Hi {{vars.secret}}');
  });

  it('writes a contact field through a set-contact-fields effect', () => {
    const flow = probeFlow('set-variable', { target: 'contact-field', name: 'city', mode: 'literal', value: 'Lyon' });
    const { effects, conversation } = startFlow(flow);
    expect(ofType(effects, 'set-contact-fields')).toEqual([{ type: 'set-contact-fields', fields: { city: 'Lyon' } }]);
    expect(conversation.variables.city).toBeUndefined();
  });

  it('rejects invalid variable names', () => {
    expect(setVariableNode.configSchema.safeParse({ name: '1abc', value: 'x' }).success).toBe(false);
    expect(setVariableNode.configSchema.safeParse({ name: '__proto__x', value: 'x' }).success).toBe(true);
  });
});
