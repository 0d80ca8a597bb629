import {
  applyEdgeChanges,
  applyNodeChanges,
  Background,
  Controls,
  MiniMap,
  ReactFlow,
  useReactFlow,
  useStore,
  type Connection,
  type EdgeChange,
  type FinalConnectionState,
  type IsValidConnection,
  type NodeChange,
  type OnSelectionChangeParams,
  type ReactFlowState,
} from '@xyflow/react';
import { useCallback, useEffect, useRef, useState, type DragEvent } from 'react';
import type { CanvasNode } from '../../nodes/flow-node-data';
import type { FlowDocument } from '../../nodes/runtime-catalog';
import { nodeOutputs } from '../../nodes/node-outputs';
import { knownNodeTypes, nodeAccentStyles, nodeTypes } from '../../nodes/node-types';
import { connectionProblem } from '../store/document-ops';
import { useFlowEditor, useFlowEditorStore } from '../store/flow-editor-context';
import { fromReactFlow, toReactFlow, type EditorEdge } from './to-react-flow';
import { CanvasSearch } from '../search/canvas-search';
import { PALETTE_DRAG_TYPE } from './palette-drag-type';
import { isStepId, triggerIdOfCard } from './canvas-ids';
import { NextStepMenu, type PendingConnection } from './next-step-menu';
import { ghostCards } from '../history/ghost-cards';
import { AnalyticsLayer } from '../analytics/analytics-layer';

const DELETE_KEYS = ['Backspace', 'Delete'];
const MINIMAP_LIMIT = 300;
const defaultEdgeOptions = { type: 'smoothstep', interactionWidth: 20 } as const;
const proOptions = { hideAttribution: false } as const;
// Never zoom in past 100% to fit a small flow: cards stay their natural size.
const fitViewOptions = { maxZoom: 1, padding: 0.2 } as const;
/**
 * A flow opened empty keeps React Flow's first fit queued until its first steps (added or pasted) are measured. Those
 * are a few steps: never fit them below half size. Once, under heavy CI load, a new flow's first steps were seen
 * zoomed out past FAR_ZOOM (drawn as outlines); a fit computed against a canvas not yet laid out would do that.
 */
const firstStepsFitOptions = { ...fitViewOptions, minZoom: 0.5 } as const;
/**
 * Below this zoom a card's text is a few pixels tall: unreadable, yet painting it (and the dot grid, by then a grey
 * haze) is most of what panning a large flow costs on a software renderer. The canvas then draws cards as coloured
 * outlines with their badges (`.is-far` in styles.css); the text is back as soon as one zooms in.
 */
const FAR_ZOOM = 0.35;
const isFarZoom = (state: ReactFlowState) => state.transform[2] < FAR_ZOOM;

/**
 * The canvas. React Flow keeps its own copy of nodes while the pointer moves (so dragging does not
 * touch the document on every frame); the document is written once, when the drag ends.
 */
interface FlowCanvasProps {
  /** Adds a step; with `after`, linked from that output (one undo step). */
  onAddNode(type: string, position: { x: number; y: number }, after?: { source: string; sourceOutput: string }): void;
  /** Viewers and agents look, but cannot change the flow. */
  readOnly: boolean;
}

export function FlowCanvas({ onAddNode, readOnly }: FlowCanvasProps) {
  const store = useFlowEditorStore();
  const document = useFlowEditor((state) => state.document);
  const hint = useFlowEditor((state) => state.hint);
  const { screenToFlowPosition } = useReactFlow();
  const far = useStore(isFarZoom);
  // The first render already has the nodes: no empty pass before the real one.
  const [initial] = useState(() => toReactFlow(document, nodeOutputs, new Set(), knownNodeTypes));
  // Stable for the canvas's life: React Flow copies a changed fitViewOptions prop into its store.
  const [openingFit] = useState(() => (initial.nodes.length ? fitViewOptions : firstStepsFitOptions));
  const [nodes, setNodes] = useState<CanvasNode[]>(initial.nodes);
  const [edges, setEdges] = useState<EditorEdge[]>(initial.edges);
  // The minimap redraws every node on every move; past a few hundred steps it costs more than it helps.
  const [showMiniMap, setShowMiniMap] = useState(() => document.nodes.length <= MINIMAP_LIMIT);

  const selectedNodeId = useFlowEditor((state) => state.selectedNodeId);
  const diffGhosts = useFlowEditor((state) => state.diffGhosts);
  const [pending, setPending] = useState<PendingConnection | null>(null);
  const wrapperRef = useRef<HTMLDivElement>(null);

  // The document the first render projected: re-projecting it on mount would make React Flow measure every card twice.
  const projectedOnMount = useRef<FlowDocument | null>(document);
  useEffect(() => {
    const onMount = projectedOnMount.current;
    projectedOnMount.current = null;
    if (onMount === document && selectedNodeId === null && diffGhosts.length === 0) return;
    // Keep the canvas selection across document changes; a node the store selected (a new one) wins.
    setNodes((previous) => {
      let selected = new Set(previous.filter((n) => n.selected).map((n) => n.id));
      if (selectedNodeId && !selected.has(selectedNodeId)) selected = new Set([selectedNodeId]);
      const projected = keepMeasurements(previous, toReactFlow(document, nodeOutputs, selected, knownNodeTypes).nodes);
      return diffGhosts.length ? [...projected, ...ghostCards(diffGhosts, nodeOutputs, knownNodeTypes)] : projected;
    });
    setEdges((previous) => {
      const selected = new Set(previous.filter((e) => e.selected).map((e) => e.id));
      return toReactFlow(document, nodeOutputs, selected, knownNodeTypes).edges;
    });
  }, [document, selectedNodeId, diffGhosts]);

  const onNodesChange = useCallback(
    (changes: NodeChange<CanvasNode>[]) => {
      const removed = changes.filter((change) => change.type === 'remove').map((change) => change.id);
      if (removed.length) store.getState().removeElements(removed);
      setNodes((current) => applyNodeChanges(changes.filter((change) => change.type !== 'remove'), current));
    },
    [store],
  );

  const onEdgesChange = useCallback(
    (changes: EdgeChange<EditorEdge>[]) => {
      const removed = changes.filter((change) => change.type === 'remove').map((change) => change.id);
      if (removed.length) store.getState().removeElements([], removed);
      setEdges((current) => applyEdgeChanges(changes.filter((change) => change.type !== 'remove'), current));
    },
    [store],
  );

  const onNodeDragStop = useCallback(
    (_event: unknown, _node: CanvasNode, dragged: CanvasNode[]) => store.getState().moveNodes(fromReactFlow(dragged)),
    [store],
  );

  const onConnect = useCallback(
    (connection: Connection) => {
      const state = store.getState();
      const triggerId = triggerIdOfCard(connection.source);
      if (triggerId) {
        // Dragging from an entry card's handle chooses where the trigger starts the flow.
        const trigger = state.document.triggers.find((item) => item.id === triggerId);
        if (trigger && !triggerIdOfCard(connection.target)) state.putTrigger({ ...trigger, startNodeId: connection.target });
        return;
      }
      if (!connection.sourceHandle) return;
      state.connect({ source: connection.source, sourceOutput: connection.sourceHandle, target: connection.target });
    },
    [store],
  );

  // Refused connections say why, so the person drawing them learns the rule.
  const isValidConnection = useCallback<IsValidConnection<EditorEdge>>(
    (connection) => {
      if (triggerIdOfCard(connection.target)) return false;
      if (triggerIdOfCard(connection.source)) return true;
      if (!connection.sourceHandle) return false;
      const problem = connectionProblem(
        store.getState().document,
        { source: connection.source, sourceOutput: connection.sourceHandle, target: connection.target },
        nodeOutputs,
      );
      store.getState().showHint(problem);
      return problem === null;
    },
    [store],
  );

  // Every ReactFlow prop stays referentially stable: a new function per render is copied into React Flow's store
  // on each drag frame and re-runs every node's store selectors.
  const onConnectStart = useCallback(() => store.getState().showHint(null), [store]);

  // A connection dropped on empty canvas (from a step's output) opens the next-step menu there.
  const onConnectEnd = useCallback(
    (event: MouseEvent | TouchEvent, state: FinalConnectionState) => {
      if (readOnly || state.isValid || state.toNode || !state.fromNode || state.fromHandle?.type !== 'source' || !state.fromHandle.id) return;
      if (!isStepId(state.fromNode.id)) return;
      const point = 'changedTouches' in event ? event.changedTouches[0] : event;
      const bounds = wrapperRef.current?.getBoundingClientRect();
      setPending({
        source: state.fromNode.id,
        sourceOutput: state.fromHandle.id,
        screen: { x: point.clientX - (bounds?.left ?? 0), y: point.clientY - (bounds?.top ?? 0) },
        position: screenToFlowPosition({ x: point.clientX, y: point.clientY }),
      });
    },
    [readOnly, screenToFlowPosition],
  );

  const onSelectionChange = useCallback(
    ({ nodes: selected }: OnSelectionChangeParams) => store.getState().select(selected.length === 1 ? selected[0].id : null),
    [store],
  );

  const onDragOver = useCallback((event: DragEvent) => {
    if (!event.dataTransfer.types.includes(PALETTE_DRAG_TYPE)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  }, []);

  const onDrop = useCallback(
    (event: DragEvent) => {
      const type = event.dataTransfer.getData(PALETTE_DRAG_TYPE);
      if (!type || readOnly) return;
      event.preventDefault();
      onAddNode(type, screenToFlowPosition({ x: event.clientX, y: event.clientY }));
    },
    [onAddNode, screenToFlowPosition, readOnly],
  );

  return (
    <div className={far ? 'flow-canvas is-far' : 'flow-canvas'} ref={wrapperRef} onDragOver={onDragOver} onDrop={onDrop}>
      <style>{nodeAccentStyles}</style>
      <ReactFlow<CanvasNode, EditorEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        defaultEdgeOptions={defaultEdgeOptions}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onNodeDragStop={onNodeDragStop}
        onConnect={onConnect}
        onConnectStart={onConnectStart}
        onConnectEnd={onConnectEnd}
        isValidConnection={isValidConnection}
        onSelectionChange={onSelectionChange}
        deleteKeyCode={readOnly ? null : DELETE_KEYS}
        nodesDraggable={!readOnly}
        nodesConnectable={!readOnly}
        fitView
        fitViewOptions={openingFit}
        minZoom={0.1}
        proOptions={proOptions}
      >
        {!far && <Background gap={20} />}
        {showMiniMap && <MiniMap pannable zoomable ariaLabel="Mini map" />}
        <Controls />
        <AnalyticsLayer />
      </ReactFlow>
      <CanvasSearch />
      {pending && (
        <NextStepMenu
          at={pending.screen}
          onClose={() => setPending(null)}
          onPick={(type) => {
            setPending(null);
            onAddNode(type, { x: pending.position.x, y: pending.position.y - 30 }, { source: pending.source, sourceOutput: pending.sourceOutput });
          }}
        />
      )}
      <button type="button" className="button button-secondary button-small minimap-toggle" onClick={() => setShowMiniMap((shown) => !shown)}>
        {showMiniMap ? 'Hide map' : 'Show map'}
      </button>
      {hint && (
        <div className="canvas-hint" role="status">
          {hint}
        </div>
      )}
    </div>
  );
}

/**
 * A card whose content did not change (same data object: projections reuse it per stored node) keeps its measured
 * size, so one edit does not make React Flow re-measure every card; changed cards are measured afresh (their
 * size or handles may differ).
 */
function keepMeasurements(previous: readonly CanvasNode[], next: CanvasNode[]): CanvasNode[] {
  const before = new Map(previous.map((node) => [node.id, node]));
  return next.map((node) => {
    const old = before.get(node.id);
    return old?.measured && old.data === node.data ? { ...node, measured: old.measured } : node;
  });
}
