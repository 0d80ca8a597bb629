import { createStore, type StoreApi } from 'zustand/vanilla';
import type { FlowDocument, FlowNode } from '../../nodes/runtime-catalog';
import * as ops from './document-ops';

const HISTORY_LIMIT = 200;
// Typing into one field makes one undo step, not one per keystroke.
const COALESCE_MS = 1000;

export interface FlowEditorState {
  document: FlowDocument;
  past: FlowDocument[];
  future: FlowDocument[];
  selectedNodeId: string | null;
  /** The draft revision the server last confirmed, and the document it holds. */
  revision: number;
  savedDocument: FlowDocument;
  /** Why the last connection attempt was refused, shown as a hint on the canvas. */
  hint: string | null;
  lastEdit: { key: string; at: number } | null;

  /** Adds a node (and, with `after`, the edge leading to it, as one undo step); returns its id. */
  addNode(type: string, position: ops.XYPosition, config: Record<string, unknown>, after?: Omit<ops.Connection, 'target'>): string;
  moveNodes(positions: ReadonlyMap<string, ops.XYPosition>): void;
  setNodeConfig(nodeId: string, config: Record<string, unknown>): void;
  connect(connection: ops.Connection): boolean;
  removeElements(nodeIds: readonly string[], edgeIds?: readonly string[]): void;
  select(nodeId: string | null): void;
  undo(): void;
  redo(): void;
  showHint(hint: string | null): void;
  markSaved(revision: number, document: FlowDocument): void;
  /** Replace the draft with the server's (after a conflict): a fresh start, no undo across it. */
  resetTo(revision: number, document: FlowDocument): void;
}

export type FlowEditorStore = StoreApi<FlowEditorState>;

export interface FlowEditorDeps {
  newId(prefix: string): string;
  now(): number;
  outputsOf(node: FlowNode): readonly string[];
}

/** One store per open flow: the document, its undo/redo history, selection and save state. */
export function createFlowEditorStore(initial: { document: FlowDocument; revision: number }, deps: FlowEditorDeps): FlowEditorStore {
  return createStore<FlowEditorState>()((set, get) => {
    /** Records `next` as a new history step (or folds it into the last one for the same `key`). */
    const commit = (next: FlowDocument, key?: string) => {
      const state = get();
      if (next === state.document) return;
      const now = deps.now();
      const coalesce = key !== undefined && state.lastEdit?.key === key && now - state.lastEdit.at < COALESCE_MS;
      const past = coalesce ? state.past : [...state.past, state.document].slice(-HISTORY_LIMIT);
      set({ document: next, past, future: [], hint: null, lastEdit: key === undefined ? null : { key, at: now } });
    };

    return {
      document: initial.document,
      past: [],
      future: [],
      selectedNodeId: null,
      revision: initial.revision,
      savedDocument: initial.document,
      hint: null,
      lastEdit: null,

      addNode(type, position, config, after) {
        const id = deps.newId(type);
        let next = ops.addNode(get().document, { id, type, position: { x: Math.round(position.x), y: Math.round(position.y) }, config });
        if (after) {
          const linked = ops.connect(next, { ...after, target: id }, deps.newId('edge'), deps.outputsOf);
          if (linked.ok) next = linked.document;
        }
        commit(next);
        set({ selectedNodeId: id });
        return id;
      },
      moveNodes(positions) {
        commit(ops.moveNodes(get().document, positions));
      },
      setNodeConfig(nodeId, config) {
        commit(ops.setNodeConfig(get().document, nodeId, config, deps.outputsOf), `config:${nodeId}`);
      },
      connect(connection) {
        const result = ops.connect(get().document, connection, deps.newId('edge'), deps.outputsOf);
        if (!result.ok) {
          set({ hint: result.reason });
          return false;
        }
        commit(result.document);
        return true;
      },
      removeElements(nodeIds, edgeIds = []) {
        commit(ops.removeElements(get().document, nodeIds, edgeIds));
        const selected = get().selectedNodeId;
        if (selected && nodeIds.includes(selected)) set({ selectedNodeId: null });
      },
      select(nodeId) {
        if (get().selectedNodeId !== nodeId) set({ selectedNodeId: nodeId });
      },
      undo() {
        const { past, document, future } = get();
        const previous = past.at(-1);
        if (!previous) return;
        set({ document: previous, past: past.slice(0, -1), future: [document, ...future], lastEdit: null, hint: null });
      },
      redo() {
        const { past, document, future } = get();
        const next = future[0];
        if (!next) return;
        set({ document: next, past: [...past, document], future: future.slice(1), lastEdit: null, hint: null });
      },
      showHint(hint) {
        if (get().hint !== hint) set({ hint });
      },
      markSaved(revision, document) {
        set({ revision, savedDocument: document });
      },
      resetTo(revision, document) {
        set({ document, savedDocument: document, revision, past: [], future: [], lastEdit: null, selectedNodeId: null });
      },
    };
  });
}
