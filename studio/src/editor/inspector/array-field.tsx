import { useId } from 'react';
import { defaultFor, labelOf, typeOf, unwrapNullable } from './json-schema';
import { SchemaField, type FieldProps } from './schema-form';

/** A list: checkboxes for a list of choices, otherwise one editable row per item with add and remove. */
export function ArrayField({ name, schema, value, onChange, path, errors }: FieldProps) {
  const items = Array.isArray(value) ? value : [];
  const itemSchema = unwrapNullable(schema.items ?? {});
  const label = labelOf(schema, name);
  const error = errors.get(path);
  if (itemSchema.enum) return <ChoiceList {...{ label, items, options: itemSchema.enum, onChange, error, help: schema.help }} />;

  const full = schema.maxItems !== undefined && items.length >= schema.maxItems;
  const itemNoun = labelOf(itemSchema, '') || singular(label);
  const replaceAt = (index: number, next: unknown) => onChange(items.map((item, i) => (i === index ? next : item)));
  const removeAt = (index: number) => onChange(items.filter((_, i) => i !== index));

  return (
    <fieldset className="schema-fieldset schema-array">
      <legend>{label}</legend>
      {schema.help && <p className="field-hint">{schema.help}</p>}
      {error && <p className="field-error">{error}</p>}
      {items.map((item, index) => (
        <div className="schema-array-item" key={itemKey(item, index)}>
          <SchemaField
            name={typeOf(itemSchema) === 'object' ? '' : `${itemNoun} ${index + 1}`}
            schema={typeOf(itemSchema) === 'object' ? { ...itemSchema, label: undefined } : itemSchema}
            value={item}
            onChange={(next) => replaceAt(index, next)}
            path={`${path}.${index}`}
            required
            errors={errors}
          />
          <button type="button" className="button button-danger button-small" onClick={() => removeAt(index)} aria-label={`Remove ${itemNoun.toLowerCase()} ${index + 1}`}>
            Remove
          </button>
        </div>
      ))}
      <button type="button" className="button button-secondary button-small" disabled={full} onClick={() => onChange([...items, defaultFor(itemSchema)])}>
        Add {itemNoun.toLowerCase()}
      </button>
    </fieldset>
  );
}

interface ChoiceListProps {
  label: string;
  items: unknown[];
  options: unknown[];
  onChange(value: unknown): void;
  error?: string;
  help?: string;
}

function ChoiceList({ label, items, options, onChange, error, help }: ChoiceListProps) {
  const id = useId();
  const toggle = (option: unknown, on: boolean) =>
    onChange(on ? options.filter((o) => o === option || items.includes(o)) : items.filter((item) => item !== option));
  return (
    <fieldset className="schema-fieldset choice-list">
      <legend>{label}</legend>
      {help && <p className="field-hint">{help}</p>}
      <div className="choice-list-options">
        {options.map((option) => (
          <span key={String(option)} className="field-checkbox">
            <input id={`${id}-${String(option)}`} type="checkbox" checked={items.includes(option)} onChange={(event) => toggle(option, event.target.checked)} />
            <label htmlFor={`${id}-${String(option)}`}>{String(option)}</label>
          </span>
        ))}
      </div>
      {error && <p className="field-error">{error}</p>}
    </fieldset>
  );
}

// Items with ids keep their row (and focus) when others are removed.
function itemKey(item: unknown, index: number): string {
  return item && typeof item === 'object' && 'id' in item && typeof item.id === 'string' ? item.id : `#${index}`;
}

function singular(label: string): string {
  return label.endsWith('ies') ? `${label.slice(0, -3)}y` : label.endsWith('s') ? label.slice(0, -1) : 'Item';
}
