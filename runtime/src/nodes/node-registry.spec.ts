import { channelLimits, CHANNELS } from '../flow/channel-limits';
import { NODE_TYPES, nodeConfigJsonSchema, nodeDefinitions, nodeRegistry } from './node-registry';

describe('node registry', () => {
  it('has one definition per node type, keyed by its own type', () => {
    expect(nodeDefinitions.map((d) => d.type)).toEqual([...NODE_TYPES]);
    for (const type of NODE_TYPES) expect(nodeRegistry[type].type).toBe(type);
  });

  // go-to-flow starts without a target on purpose: the studio shows "choose a flow" until one is picked.
  const readyByDefault = NODE_TYPES.filter((t) => t !== 'go-to-flow');

  it('go-to-flow asks for a target flow before it is valid', () => {
    expect(nodeRegistry['go-to-flow'].configSchema.safeParse(nodeRegistry['go-to-flow'].defaultConfig()).success).toBe(false);
  });

  it.each(readyByDefault)('%s: default config is valid and has outputs as data', (type) => {
    const def = nodeRegistry[type];
    const parsed = def.configSchema.safeParse(def.defaultConfig());
    expect(parsed.success).toBe(true);
    expect(Array.isArray(def.outputs(parsed.data as never))).toBe(true);
    expect(def.label.length).toBeGreaterThan(0);
    expect(def.description.length).toBeGreaterThan(0);
  });

  it.each([...NODE_TYPES])('%s: exposes a JSON Schema for the inspector', (type) => {
    const schema = nodeConfigJsonSchema(type);
    expect(schema.$schema).toContain('json-schema.org');
    expect(schema.type ?? schema.anyOf ?? schema.oneOf).toBeDefined();
  });

  it('carries labels and help text from .meta() into the JSON Schema', () => {
    const schema = nodeConfigJsonSchema('ask-question') as { properties: Record<string, { label?: string; help?: string }> };
    expect(schema.properties.retries).toMatchObject({ label: 'Re-ask up to', help: expect.any(String) });
    expect(() => nodeConfigJsonSchema('nope')).toThrow(/Unknown node type/);
  });

  it('exports limits for every channel, Instagram counting bytes', () => {
    expect(Object.keys(channelLimits).sort()).toEqual([...CHANNELS].sort());
    expect(channelLimits.instagram.maxTextBytes).toBe(1000);
    expect(channelLimits.messenger.maxQuickReplies).toBe(13);
    expect(channelLimits.whatsapp.maxButtons).toBe(3);
  });
});
