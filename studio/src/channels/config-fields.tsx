import { useId } from 'react';
import type { PlatformField } from '../api-client/channels-api';
import { TextField } from '../ui/text-field';

interface ConfigFieldsProps {
  fields: PlatformField[];
  values: Record<string, string>;
  onChange: (values: Record<string, string>) => void;
}

/** A platform's non-secret settings: a select where the catalog lists the values, else a text input. */
export function ConfigFields({ fields, values, onChange }: ConfigFieldsProps) {
  return (
    <>
      {fields.map((field) =>
        field.values ? (
          <ChoiceField key={field.key} field={field} value={values[field.key] ?? ''} onChange={(value) => onChange({ ...values, [field.key]: value })} />
        ) : (
          <TextField
            key={field.key}
            label={field.label}
            required={field.required}
            value={values[field.key] ?? ''}
            onChange={(e) => onChange({ ...values, [field.key]: e.target.value })}
          />
        ),
      )}
    </>
  );
}

function ChoiceField({ field, value, onChange }: { field: PlatformField; value: string; onChange: (value: string) => void }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{field.label}</label>
      <select id={id} value={value} required={field.required} onChange={(e) => onChange(e.target.value)}>
        {!field.required && <option value="">Default</option>}
        {field.values!.map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </select>
    </div>
  );
}
