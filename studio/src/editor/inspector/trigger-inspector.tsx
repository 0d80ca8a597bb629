import { useId, useMemo } from 'react';
import { nodeViews } from '../../nodes/node-views';
import { getNodeDefinition, triggerSchema, type NodeType, type Trigger } from '../../nodes/runtime-catalog';
import { useFlowEditor, useFlowEditorStore } from '../store/flow-editor-context';
import type { JsonSchema } from './json-schema';
import { FieldWidgetsContext, SchemaForm, type FieldProps } from './schema-form';

// The trigger schema never changes while the app runs.
const triggerJsonSchema = triggerSchema.toJSONSchema({ io: 'input', unrepresentable: 'any' }) as JsonSchema;
const widgets = { startNodeId: StartNodeField };

/** The side panel for an entry card: a form generated from the trigger schema. */
export function TriggerInspector({ trigger }: { trigger: Trigger }) {
  const store = useFlowEditorStore();
  const errors = useMemo(() => {
    const messages = new Map<string, string>();
    const result = triggerSchema.safeParse(trigger);
    if (!result.success) {
      for (const issue of result.error.issues) {
        const path = issue.path.map(String).join('.');
        if (!messages.has(path)) messages.set(path, issue.message);
      }
    }
    return messages;
  }, [trigger]);

  return (
    <>
      <div className="inspector-header">
        <h2>Trigger</h2>
        <button type="button" className="button button-danger button-small" onClick={() => store.getState().removeTrigger(trigger.id)}>
          Delete trigger
        </button>
      </div>
      <p className="muted small">What starts this flow for a contact, and at which step.</p>
      <FieldWidgetsContext.Provider value={widgets}>
        <SchemaForm
          key={trigger.id}
          schema={triggerJsonSchema}
          value={trigger}
          errors={errors}
          onChange={(next) => store.getState().putTrigger({ ...(next as Trigger), id: trigger.id })}
        />
      </FieldWidgetsContext.Provider>
    </>
  );
}

/** "Starts at": a choice among this flow's nodes instead of a typed id. */
function StartNodeField({ value, onChange, path, errors }: FieldProps) {
  const id = useId();
  const nodes = useFlowEditor((state) => state.document.nodes);
  const error = errors.get(path);
  return (
    <div className="field">
      <label htmlFor={id}>Starts at</label>
      <select id={id} value={typeof value === 'string' ? value : ''} onChange={(event) => onChange(event.target.value)} aria-invalid={error ? true : undefined}>
        <option value="">Choose a step…</option>
        {nodes.map((node) => (
          <option key={node.id} value={node.id}>
            {getNodeDefinition(node.type)?.label ?? node.type}: {nodeViews[node.type as NodeType]?.summary(node.config).slice(0, 40) ?? node.id}
          </option>
        ))}
      </select>
      {error && <p className="field-error">{error}</p>}
    </div>
  );
}
