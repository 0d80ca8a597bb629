import { useContext, useId, useRef } from 'react';
import { labelOf, typeOf } from './json-schema';
import { PlaceholdersContext, type FieldProps } from './schema-form';

/** One input for a string, number, boolean or enum; anything else is edited as JSON. */
export function LeafField({ name, schema, value, onChange, path, required, errors }: FieldProps) {
  const id = useId();
  const placeholders = useContext(PlaceholdersContext);
  const textRef = useRef<HTMLTextAreaElement>(null);
  const error = errors.get(path);
  const label = labelOf(schema, name);
  const describedBy = [schema.help ? `${id}-help` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  const common = { id, 'aria-describedby': describedBy, 'aria-invalid': error ? true : undefined } as const;
  const type = typeOf(schema);

  let control;
  if (type === 'boolean') {
    return (
      <div className="field field-checkbox">
        <input {...common} type="checkbox" checked={value === true} onChange={(event) => onChange(event.target.checked)} />
        <label htmlFor={id}>{label}</label>
        <Extras id={id} help={schema.help} error={error} />
      </div>
    );
  } else if (schema.enum) {
    control = (
      <select {...common} value={value === undefined ? '' : String(value)} onChange={(event) => onChange(event.target.value === '' ? undefined : event.target.value)}>
        {(!required || value === undefined) && schema.default === undefined && <option value="">—</option>}
        {schema.enum.map((option) => (
          <option key={String(option)} value={String(option)}>
            {String(option).replace(/-/g, ' ')}
          </option>
        ))}
      </select>
    );
  } else if (type === 'number' || type === 'integer') {
    control = (
      <input
        {...common}
        type="number"
        step={type === 'integer' ? 1 : 'any'}
        min={schema.minimum}
        max={schema.maximum}
        value={typeof value === 'number' ? value : ''}
        onChange={(event) => onChange(event.target.value === '' ? undefined : Number(event.target.value))}
      />
    );
  } else if (type === 'string') {
    const long = (schema.maxLength ?? 0) > 1000 || (schema.help ?? '').includes('{{');
    const text = typeof value === 'string' ? value : '';
    const update = (next: string) => onChange(next === '' && !required ? undefined : next);
    const isTemplate = (schema.help ?? '').includes('{{');
    control = long ? (
      <>
        <textarea {...common} ref={textRef} rows={3} value={text} maxLength={schema.maxLength} onChange={(event) => update(event.target.value)} />
        {isTemplate && placeholders.length > 0 && (
          <PlaceholderPicker placeholders={placeholders} onInsert={(placeholder) => update(insertAt(textRef.current, text, placeholder))} />
        )}
      </>
    ) : (
      <input {...common} type={schema.format === 'uri' ? 'url' : 'text'} value={text} maxLength={schema.maxLength} onChange={(event) => update(event.target.value)} />
    );
  } else {
    control = <JsonInput {...common} value={value} onChange={onChange} />;
  }

  return (
    <div className="field">
      <label htmlFor={id}>
        {label}
        {required && <span className="required-mark" aria-hidden="true"> *</span>}
      </label>
      {control}
      <Extras id={id} help={schema.help} error={error} />
    </div>
  );
}

function Extras({ id, help, error }: { id: string; help?: string; error?: string }) {
  return (
    <>
      {help && (
        <p className="field-hint" id={`${id}-help`}>
          {help}
        </p>
      )}
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </>
  );
}

function JsonInput({ value, onChange, ...rest }: { id: string; value: unknown; onChange(value: unknown): void }) {
  return (
    <textarea
      {...rest}
      rows={3}
      className="mono"
      defaultValue={value === undefined ? '' : JSON.stringify(value, null, 2)}
      onBlur={(event) => {
        try {
          onChange(event.target.value.trim() ? JSON.parse(event.target.value) : undefined);
        } catch {
          // Keep the text; the field stays as it was until the JSON parses.
        }
      }}
    />
  );
}

/** Buttons that insert a variable at the cursor of a template field. */
function PlaceholderPicker({ placeholders, onInsert }: { placeholders: readonly string[]; onInsert(placeholder: string): void }) {
  return (
    <div className="placeholder-picker" role="group" aria-label="Insert a variable">
      {placeholders.map((placeholder) => (
        <button key={placeholder} type="button" className="placeholder-chip" onClick={() => onInsert(placeholder)}>
          {placeholder.slice(2, -2)}
        </button>
      ))}
    </div>
  );
}

function insertAt(field: HTMLTextAreaElement | null, text: string, insert: string): string {
  const start = field?.selectionStart ?? text.length;
  const end = field?.selectionEnd ?? text.length;
  return text.slice(0, start) + insert + text.slice(end);
}
