import { Handle, Position, ReactFlow, ReactFlowProvider, useNodesInitialized, useNodesState, type Node, type NodeProps } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { memo, useEffect } from 'react';
import { createRoot } from 'react-dom/client';
import { FlowCanvas } from '../editor/canvas/flow-canvas';
import { FlowEditorProvider } from '../editor/store/flow-editor-context';
import { createFlowEditorStore } from '../editor/store/flow-editor-store';
import { nodeOutputs } from '../nodes/node-outputs';
import '../styles.css';
import { generateFlow } from './generate-flow';

// ?mode=studio|bare&nodes=N — the studio's canvas, or bare React Flow with minimal memoised nodes (the anchor).
const params = new URLSearchParams(window.location.search);
const mode = params.get('mode') === 'bare' ? 'bare' : 'studio';
const document = generateFlow(Number(params.get('nodes') ?? 100));

declare global {
  interface Window {
    benchReady?: number;
  }
}

/** Records when every node has been measured: the canvas is interactive. */
function ReadySignal() {
  const initialized = useNodesInitialized();
  useEffect(() => {
    if (initialized && window.benchReady === undefined) window.benchReady = performance.now();
  }, [initialized]);
  return null;
}

function StudioCanvas() {
  const store = createFlowEditorStore({ document, revision: 1 }, { newId: (p) => `${p}-${Math.random()}`, now: () => Date.now(), outputsOf: nodeOutputs });
  return (
    <FlowEditorProvider store={store}>
      <ReactFlowProvider>
        <div className="editor-body" style={{ height: '100vh' }}>
          <FlowCanvas onAddNode={() => undefined} readOnly={false} />
          <ReadySignal />
        </div>
      </ReactFlowProvider>
    </FlowEditorProvider>
  );
}

type BareNode = Node<{ label: string }, 'bare'>;
const BareNodeView = memo(function BareNodeView({ data }: NodeProps<BareNode>) {
  return (
    <div style={{ width: 240, padding: 8, border: '1px solid #999', borderRadius: 8, background: '#fff', fontSize: 12 }}>
      <Handle type="target" position={Position.Left} />
      {data.label}
      <Handle type="source" id="next" position={Position.Right} />
    </div>
  );
});
const bareNodeTypes = { bare: BareNodeView };
const bareEdges = document.edges.map((edge) => ({ id: edge.id, source: edge.source, sourceHandle: edge.sourceOutput, target: edge.target }));

function BareCanvas() {
  const [nodes, , onNodesChange] = useNodesState<BareNode>(
    document.nodes.map((node) => ({ id: node.id, type: 'bare', position: node.position, data: { label: String(node.config.text) } })),
  );
  return (
    <ReactFlowProvider>
      <div style={{ width: '100vw', height: '100vh' }}>
        <ReactFlow nodes={nodes} edges={bareEdges} nodeTypes={bareNodeTypes} onNodesChange={onNodesChange} fitView minZoom={0.1} fitViewOptions={{ maxZoom: 1 }} />
        <ReadySignal />
      </div>
    </ReactFlowProvider>
  );
}

createRoot(window.document.getElementById('root')!).render(mode === 'bare' ? <BareCanvas /> : <StudioCanvas />);
