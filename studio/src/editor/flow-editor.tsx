import { ReactFlowProvider, useReactFlow } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import type { FlowDetail } from '../api-client/types';
import { nodeOutputs } from '../nodes/node-outputs';
import { getNodeDefinition } from '../nodes/runtime-catalog';
import { FlowCanvas } from './canvas/flow-canvas';
import { freePosition } from './canvas/free-position';
import { noteCardId, triggerCardId } from './canvas/canvas-ids';
import { useClipboardShortcuts } from './clipboard/use-clipboard-shortcuts';
import { ConflictDialog } from './conflict-dialog';
import { EditorToolbar } from './editor-toolbar';
import { HistoryPanel } from './history/history-panel';
import { NodeInspector } from './inspector/node-inspector';
import { NodePalette } from './palette/node-palette';
import { PreviewPanel } from './preview/preview-panel';
import { FlowEditorProvider, useFlowEditorStore } from './store/flow-editor-context';
import { createFlowEditorStore } from './store/flow-editor-store';
import { normalizeDocument } from './store/normalize-document';
import { useAutosave } from './store/use-autosave';
import { useUndoShortcuts } from './store/use-undo-shortcuts';
import { useValidation } from './store/use-validation';

interface FlowEditorProps {
  flow: FlowDetail;
  canEdit: boolean;
  onReload(): void;
}

const editorDeps = {
  newId: (prefix: string) => `${prefix}-${Math.random().toString(36).slice(2, 10)}`,
  now: () => Date.now(),
  outputsOf: nodeOutputs,
};

/** The editor for one open flow: its own store, autosave, and the palette / canvas / inspector layout. */
export function FlowEditor({ flow, canEdit, onReload }: FlowEditorProps) {
  const [store] = useState(() =>
    createFlowEditorStore({ document: normalizeDocument(flow.draft.document), revision: flow.draft.revision }, editorDeps),
  );
  useUndoShortcuts(store);
  useValidation(store);
  const save = useAutosave(flow.id, store, canEdit);
  useWarnBeforeLeaving(save.status !== 'saved');
  const [panel, setPanel] = useState<'inspector' | 'history' | 'preview'>('inspector');
  const toggle = (next: 'history' | 'preview') => setPanel((current) => (current === next ? 'inspector' : next));

  return (
    <FlowEditorProvider store={store}>
      <ReactFlowProvider>
        <div className="editor">
          <EditorToolbar flow={flow} save={save} canEdit={canEdit} onToggleHistory={() => toggle('history')} onTogglePreview={() => toggle('preview')} />
          <EditorBody
            canEdit={canEdit}
            sidePanel={
              panel === 'history' ? (
                <HistoryPanel flowId={flow.id} canEdit={canEdit} onDraftReplaced={onReload} onClose={() => setPanel('inspector')} />
              ) : panel === 'preview' ? (
                <PreviewPanel flowId={flow.id} save={save} canEdit={canEdit} onClose={() => setPanel('inspector')} />
              ) : (
                <NodeInspector readOnly={!canEdit} />
              )
            }
          />
        </div>
        {save.status === 'conflict' && <ConflictDialog flow={flow} mine={store.getState().document} onReload={onReload} />}
      </ReactFlowProvider>
    </FlowEditorProvider>
  );
}

function EditorBody({ canEdit, sidePanel }: { canEdit: boolean; sidePanel: ReactNode }) {
  const { screenToFlowPosition } = useReactFlow();
  const add = useAddNode();
  useClipboardShortcuts(useFlowEditorStore(), editorDeps.newId, canEdit);

  const store = useFlowEditorStore();
  // A click in the palette continues from the selected node: placed to its right and linked from
  // its first free output. With nothing selected the node lands in the middle of the view.
  const addFromPalette = useCallback(
    (type: string) => {
      const { document: flow, selectedNodeId } = store.getState();
      const selected = flow.nodes.find((node) => node.id === selectedNodeId);
      if (selected) {
        const used = new Set(flow.edges.filter((edge) => edge.source === selected.id).map((edge) => edge.sourceOutput));
        const free = nodeOutputs(selected).find((output) => !used.has(output));
        const position = freePosition(flow.nodes, { x: selected.position.x + 320, y: selected.position.y });
        add(type, position, free ? { source: selected.id, sourceOutput: free } : undefined);
        return;
      }
      const canvas = window.document.querySelector('.flow-canvas')?.getBoundingClientRect();
      const center = canvas ? { x: canvas.left + canvas.width / 2 - 120, y: canvas.top + canvas.height / 3 } : { x: 0, y: 0 };
      add(type, freePosition(flow.nodes, screenToFlowPosition(center)));
    },
    [add, screenToFlowPosition, store],
  );

  // A new keyword trigger starts at the selected step, or the first one.
  const addTrigger = useCallback(() => {
    const { document: flow, selectedNodeId } = store.getState();
    const start = flow.nodes.find((node) => node.id === selectedNodeId) ?? flow.nodes[0];
    const id = editorDeps.newId('trigger');
    store.getState().putTrigger({
      id,
      kind: 'keyword',
      keywords: [{ value: 'hello', mode: 'whole-word' }],
      excludeWords: [],
      caseSensitive: false,
      accentSensitive: false,
      enabled: true,
      priority: 0,
      frequency: { mode: 'every-time' },
      channels: [],
      startNodeId: start?.id ?? '',
    });
    store.getState().select(triggerCardId(id));
  }, [store]);

  const addNote = useCallback(() => {
    const canvas = window.document.querySelector('.flow-canvas')?.getBoundingClientRect();
    const corner = canvas ? { x: canvas.left + 40, y: canvas.top + 60 } : { x: 0, y: 0 };
    const id = editorDeps.newId('note');
    store.getState().putNote({ id, text: '', position: screenToFlowPosition(corner) });
    store.getState().select(noteCardId(id));
  }, [screenToFlowPosition, store]);

  return (
    <div className="editor-body">
      {canEdit && <NodePalette onAdd={addFromPalette} onAddTrigger={addTrigger} onAddNote={addNote} />}
      <FlowCanvas onAddNode={add} readOnly={!canEdit} />
      {sidePanel}
    </div>
  );
}

function useAddNode() {
  const store = useFlowEditorStore();
  return useCallback(
    (type: string, position: { x: number; y: number }, after?: { source: string; sourceOutput: string }) => {
      const definition = getNodeDefinition(type);
      if (!definition) return;
      store.getState().addNode(type, position, definition.defaultConfig() as Record<string, unknown>, after);
    },
    [store],
  );
}

function useWarnBeforeLeaving(unsaved: boolean) {
  useEffect(() => {
    if (!unsaved) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [unsaved]);
}
