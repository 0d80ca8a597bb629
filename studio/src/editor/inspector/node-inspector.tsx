import { useMemo } from 'react';
import { getNodeDefinition, nodeConfigJsonSchema } from '../../nodes/runtime-catalog';
import { useFlowEditor, useFlowEditorStore } from '../store/flow-editor-context';
import { triggerIdOfCard } from '../canvas/canvas-ids';
import type { JsonSchema } from './json-schema';
import { TriggerInspector } from './trigger-inspector';
import { flowPlaceholders } from './flow-variables';
import { MessagePreview } from './message-preview';
import { PlaceholdersContext, SchemaForm } from './schema-form';

/** The side panel for the selected node: a form generated from its config schema, with validation messages. */
export function NodeInspector({ readOnly = false }: { readOnly?: boolean }) {
  const store = useFlowEditorStore();
  const node = useFlowEditor((state) => state.document.nodes.find((item) => item.id === state.selectedNodeId) ?? null);
  const trigger = useFlowEditor((state) => {
    const triggerId = state.selectedNodeId ? triggerIdOfCard(state.selectedNodeId) : null;
    return triggerId ? (state.document.triggers.find((item) => item.id === triggerId) ?? null) : null;
  });
  const definition = node ? getNodeDefinition(node.type) : undefined;
  const document = useFlowEditor((state) => state.document);
  const placeholders = useMemo(() => flowPlaceholders(document), [document]);
  const schema = useMemo(() => (definition ? (nodeConfigJsonSchema(definition.type) as JsonSchema) : null), [definition]);
  const errors = useMemo(() => {
    const messages = new Map<string, string>();
    if (!node || !definition) return messages;
    const result = definition.configSchema.safeParse(node.config);
    if (!result.success) {
      for (const issue of result.error.issues) {
        const path = issue.path.map(String).join('.');
        if (!messages.has(path)) messages.set(path, issue.message);
      }
    }
    return messages;
  }, [node, definition]);

  if (trigger) {
    return (
      <aside className="inspector" aria-label="Inspector">
        {/* A disabled fieldset disables every control inside it: one switch for read-only roles. */}
        <fieldset className="inspector-fieldset" disabled={readOnly}>
          <TriggerInspector trigger={trigger} />
        </fieldset>
      </aside>
    );
  }
  if (!node) {
    return (
      <aside className="inspector" aria-label="Inspector">
        <p className="muted">Select a step or a trigger to edit it. Add steps from the palette.</p>
      </aside>
    );
  }

  return (
    <aside className="inspector" aria-label="Inspector">
      <fieldset className="inspector-fieldset" disabled={readOnly}>
      <div className="inspector-header">
        <h2>{definition?.label ?? node.type}</h2>
        <button
          type="button"
          className="button button-danger button-small"
          onClick={() => store.getState().removeElements([node.id])}
        >
          Delete node
        </button>
      </div>
      {definition && <p className="muted small">{definition.description}</p>}
      {node.type === 'send-message' && <MessagePreview config={node.config} />}
      {errors.size > 0 && (
        <p className="inspector-status" role="status">
          {errors.size === 1 ? '1 problem' : `${errors.size} problems`} in this node
        </p>
      )}
      {schema ? (
        <PlaceholdersContext.Provider value={placeholders}>
        <SchemaForm
          key={node.id}
          schema={schema}
          value={node.config}
          errors={errors}
          onChange={(config) => store.getState().setNodeConfig(node.id, (config ?? {}) as Record<string, unknown>)}
        />
        </PlaceholdersContext.Provider>
      ) : (
        <p className="muted">This node type is not known to this version of Parley; it can only be deleted.</p>
      )}
      </fieldset>
    </aside>
  );
}
