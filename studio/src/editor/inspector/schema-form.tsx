import { createContext, useContext, useId, type ComponentType } from 'react';
import { defaultFor, isItemId, labelOf, taggedUnion, typeOf, unwrapNullable, type JsonSchema } from './json-schema';
import { ArrayField } from './array-field';
import { LeafField } from './leaf-field';

export interface FieldProps {
  name: string;
  schema: JsonSchema;
  value: unknown;
  onChange(value: unknown): void;
  /** Dotted path of this value in the config, as validation issues name it (`buttons.0.title`). */
  path: string;
  required: boolean;
  errors: ReadonlyMap<string, string>;
}

/** A form generated from a node's config schema: the schema is the single source of the inspector. */
export function SchemaForm({ schema, value, onChange, errors }: Omit<FieldProps, 'name' | 'path' | 'required'>) {
  return <SchemaField name="" schema={schema} value={value} onChange={onChange} path="" required errors={errors} />;
}

/** Placeholders template fields offer to insert (`{{vars.email}}`, `{{contact.first_name}}` …). */
export const PlaceholdersContext = createContext<readonly string[]>([]);

/** Custom inputs for fields by name (e.g. `startNodeId` picks a node of this flow). */
export const FieldWidgetsContext = createContext<Readonly<Record<string, ComponentType<FieldProps>>>>({});

export function SchemaField(props: FieldProps) {
  const widgets = useContext(FieldWidgetsContext);
  const Widget = widgets[props.name];
  if (Widget) return <Widget {...props} />;
  const schema = unwrapNullable(props.schema);
  if (schema.const !== undefined || isItemId(props.name, schema)) return null;
  if (taggedUnion(schema)) return <UnionField {...props} schema={schema} />;
  const type = typeOf(schema);
  if (type === 'object' && schema.properties) return <ObjectField {...props} schema={schema} />;
  if (type === 'array' && schema.items) return <ArrayField {...props} schema={schema} />;
  return <LeafField {...props} schema={schema} />;
}

function ObjectField({ name, schema, value, onChange, path, errors, required: requiredField }: FieldProps) {
  // An optional group (an attachment, a timeout) stays absent until the person adds it.
  if (name && !requiredField && value === undefined) {
    return (
      <button type="button" className="button button-secondary button-small add-optional" onClick={() => onChange(defaultFor(schema))}>
        Add {labelOf(schema, name).toLowerCase()}
      </button>
    );
  }
  const record = isRecord(value) ? value : {};
  const required = new Set(schema.required ?? []);
  const fields = Object.entries(schema.properties ?? {}).map(([key, property]) => (
    <SchemaField
      key={key}
      name={key}
      schema={property}
      value={record[key]}
      path={path ? `${path}.${key}` : key}
      required={required.has(key)}
      errors={errors}
      onChange={(next) => onChange(withKey(record, key, next))}
    />
  ));
  const error = errors.get(path);
  if (!name) {
    return (
      <div className="schema-form">
        {error && <p className="field-error">{error}</p>}
        {fields}
      </div>
    );
  }
  return (
    <fieldset className="schema-fieldset">
      <legend>{labelOf(schema, name)}</legend>
      {!requiredField && (
        <button type="button" className="link-button fieldset-remove" onClick={() => onChange(undefined)}>
          Remove {labelOf(schema, name).toLowerCase()}
        </button>
      )}
      {schema.help && <p className="field-hint">{schema.help}</p>}
      {error && <p className="field-error">{error}</p>}
      {fields}
    </fieldset>
  );
}

/** A discriminated union (e.g. delay: "for a duration" or "until a time window"): pick the kind, then its fields. */
function UnionField({ name, schema, value, onChange, path, errors, required }: FieldProps) {
  const id = useId();
  const union = taggedUnion(schema)!;
  const record = isRecord(value) ? value : {};
  const current = union.variants.find((variant) => variant.tag === record[union.key]) ?? union.variants[0];
  return (
    <div className="schema-union">
      <div className="field">
        <label htmlFor={id}>{name ? labelOf(schema, name) : labelOf({}, union.key)}</label>
        <select
          id={id}
          value={current.tag}
          onChange={(event) => {
            const variant = union.variants.find((item) => item.tag === event.target.value)!;
            onChange(switchVariant(record, variant.schema, union.key, variant.tag));
          }}
        >
          {union.variants.map((variant) => (
            <option key={variant.tag} value={variant.tag}>
              {labelOf({}, variant.tag)}
            </option>
          ))}
        </select>
      </div>
      <ObjectField name="" schema={current.schema} value={record} onChange={onChange} path={path} required={required} errors={errors} />
    </div>
  );
}

function withKey(record: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  const next = { ...record };
  // An emptied optional field is removed, so `.optional()` fields validate as absent.
  if (value === undefined) delete next[key];
  else next[key] = value;
  return next;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

/** The new kind's defaults, keeping every value the new kind also has (a trigger keeps its start and name). */
function switchVariant(current: Record<string, unknown>, schema: JsonSchema, key: string, tag: string): Record<string, unknown> {
  const next = { ...(defaultFor(schema) as Record<string, unknown>) };
  for (const name of Object.keys(schema.properties ?? {})) {
    if (name !== key && current[name] !== undefined) next[name] = current[name];
  }
  next[key] = tag;
  return next;
}
