import { nodeConfigJsonSchema } from '../../nodes/runtime-catalog';
import { defaultFor, labelOf, taggedUnion, type JsonSchema } from './json-schema';

describe('inspector schema helpers', () => {
  it('offers the delay node as a choice between its modes', () => {
    const union = taggedUnion(nodeConfigJsonSchema('delay') as JsonSchema);
    expect(union?.key).toBe('mode');
    expect(union?.variants.map((v) => v.tag)).toEqual(['duration', 'until-window']);
  });

  it('builds a new list item with a generated id and its defaults', () => {
    const schema = nodeConfigJsonSchema('send-message') as JsonSchema;
    const button = defaultFor(schema.properties!.buttons.items!) as Record<string, unknown>;
    expect(button.id).toMatch(/^[A-Za-z0-9_-]{1,40}$/);
    expect(button).toMatchObject({ title: '' });
  });

  it('labels fields from the schema, or from their name', () => {
    expect(labelOf({ label: 'Question' }, 'prompt')).toBe('Question');
    expect(labelOf({}, 'typingDelayMs')).toBe('Typing delay ms');
  });
});
