/** The subset of JSON Schema (draft 2020-12, as zod's toJSONSchema writes it) the inspector understands. */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  default?: unknown;
  label?: string;
  help?: string;
  description?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  format?: string;
  pattern?: string;
}

/** A union the form can offer as a choice: object variants told apart by one constant property. */
export interface TaggedUnion {
  key: string;
  variants: { tag: string; schema: JsonSchema }[];
}

export function labelOf(schema: JsonSchema, name: string): string {
  if (schema.label) return schema.label;
  const words = name.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[-_]/g, ' ').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function typeOf(schema: JsonSchema): string | undefined {
  return Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
}

/** `anyOf: [X, null]` is just an optional X. */
export function unwrapNullable(schema: JsonSchema): JsonSchema {
  const options = schema.anyOf ?? schema.oneOf;
  if (!options) return schema;
  const nonNull = options.filter((option) => option.type !== 'null');
  if (nonNull.length === 1 && nonNull.length < options.length) return { ...nonNull[0], label: schema.label ?? nonNull[0].label, help: schema.help ?? nonNull[0].help };
  return schema;
}

export function taggedUnion(schema: JsonSchema): TaggedUnion | null {
  const options = schema.oneOf ?? schema.anyOf;
  if (!options?.length) return null;
  const first = options[0].properties ?? {};
  const key = Object.keys(first).find((name) => options.every((option) => option.properties?.[name]?.const !== undefined));
  if (!key) return null;
  return { key, variants: options.map((option) => ({ tag: String(option.properties?.[key]?.const), schema: option })) };
}

/** An item id the runtime accepts (`^[A-Za-z0-9_-]{1,40}$`), short enough to read in output names. */
export function newItemId(): string {
  return Math.random().toString(36).slice(2, 8);
}

/** A starting value for a new field or list item: its default, else the simplest valid-looking value. */
export function defaultFor(schema: JsonSchema, name = ''): unknown {
  const resolved = unwrapNullable(schema);
  if (resolved.default !== undefined) return structuredClone(resolved.default);
  if (resolved.const !== undefined) return resolved.const;
  if (resolved.enum?.length) return resolved.enum[0];
  const union = taggedUnion(resolved);
  if (union) return defaultFor(union.variants[0].schema);
  switch (typeOf(resolved)) {
    case 'object': {
      const value: Record<string, unknown> = {};
      for (const key of resolved.required ?? []) {
        const property = resolved.properties?.[key];
        if (property) value[key] = defaultFor(property, key);
      }
      return value;
    }
    case 'array':
      return [];
    case 'number':
    case 'integer':
      return resolved.minimum ?? 0;
    case 'boolean':
      return false;
    case 'string':
      return isItemId(name, resolved) ? newItemId() : '';
    default:
      return undefined;
  }
}

/** Ids of list items (buttons, choices, groups) are generated and not edited by hand. */
export function isItemId(name: string, schema: JsonSchema): boolean {
  return name === 'id' && typeOf(schema) === 'string' && !schema.label;
}
