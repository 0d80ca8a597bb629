import { createStore, type StoreApi } from 'zustand/vanilla';
import type { FlowDocument, FlowNode, StickyNote, Trigger, ValidationIssue } from '../../nodes/runtime-catalog';
import { noteIdOfCard, triggerCardId, triggerIdOfCard } from '../canvas/canvas-ids';
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
  /** What `validateFlow` says about the current document (computed off the typing path). */
  issues: readonly ValidationIssue[];
  /** Per node: "error" or "warning" and how many, e.g. "error:2"; a string so node cards re-render only on change. */
  nodeIssues: Readonly<Record<string, string>>;
  /** Nodes marked by a version comparison: "added", "changed", "moved" or "removed". */
  diffMarks: Readonly<Record<string, string>>;
  /** Steps the compared older version had and the draft does not: drawn as ghosts where they were. */
  diffGhosts: readonly FlowNode[];
  /** The step the preview conversation is at, lit on the canvas. */
  previewNodeId: string | null;
  /** Steps matching the canvas search, highlighted. */
  searchMatches: Readonly<Record<string, true>>;

  /** Adds a node (and, with `after`, the edge leading to it, as one undo step); returns its id. */
  addNode(type: string, position: ops.XYPosition, config: Record<string, unknown>, after?: Omit<ops.Connection, 'target'>): string;
  /** Moves steps and sticky notes (by canvas id) as one undo step. */
  moveNodes(positions: ReadonlyMap<string, ops.XYPosition>): void;
  putNote(note: StickyNote): void;
  setNodeConfig(nodeId: string, config: Record<string, unknown>): void;
  connect(connection: ops.Connection): boolean;
  /** Removes nodes and entry cards (`trigger:<id>`), with their edges, and edges, as one undo step. */
  removeElements(ids: readonly string[], edgeIds?: readonly string[]): void;
  /** Replaces the document in one undo step (paste, auto-layout); `select` picks a node afterwards. */
  apply(next: FlowDocument, select?: string | null): void;
  putTrigger(trigger: Trigger): void;
  removeTrigger(triggerId: string): void;
  select(nodeId: string | null): void;
  undo(): void;
  redo(): void;
  showHint(hint: string | null): void;
  markSaved(revision: number, document: FlowDocument): void;
  setIssues(issues: readonly ValidationIssue[]): void;
  setDiffMarks(marks: Record<string, string>, ghosts?: readonly FlowNode[]): void;
  setPreviewNode(nodeId: string | null): void;
  setSearchMatches(nodeIds: readonly string[]): void;
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
      issues: [],
      nodeIssues: {},
      diffMarks: {},
      diffGhosts: [],
      previewNodeId: null,
      searchMatches: {},

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
        const notePositions = new Map<string, ops.XYPosition>();
        for (const [id, position] of positions) {
          const noteId = noteIdOfCard(id);
          if (noteId) notePositions.set(noteId, position);
        }
        commit(ops.moveNotes(ops.moveNodes(get().document, positions), notePositions));
      },
      putNote(note) {
        commit(ops.putNote(get().document, note), `note:${note.id}`);
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
      removeElements(ids, edgeIds = []) {
        // Entry cards are deleted like nodes; underneath they are triggers.
        const nodeIds = ids.filter((id) => triggerIdOfCard(id) === null && noteIdOfCard(id) === null);
        let next = ops.removeElements(get().document, nodeIds, edgeIds);
        next = ops.removeNotes(next, ids.map(noteIdOfCard).filter((id): id is string => id !== null));
        for (const id of ids) {
          const triggerId = triggerIdOfCard(id);
          if (triggerId) next = ops.removeTrigger(next, triggerId);
        }
        commit(next);
        const selected = get().selectedNodeId;
        if (selected && ids.includes(selected)) set({ selectedNodeId: null });
      },
      apply(next, select) {
        commit(next);
        if (select !== undefined) set({ selectedNodeId: select });
      },
      putTrigger(trigger) {
        commit(ops.putTrigger(get().document, trigger), `trigger:${trigger.id}`);
      },
      removeTrigger(triggerId) {
        commit(ops.removeTrigger(get().document, triggerId));
        if (get().selectedNodeId === triggerCardId(triggerId)) set({ selectedNodeId: null });
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
      setSearchMatches(nodeIds) {
        if (nodeIds.length === 0 && Object.keys(get().searchMatches).length === 0) return;
        set({ searchMatches: Object.fromEntries(nodeIds.map((id) => [id, true as const])) });
      },
      setPreviewNode(previewNodeId) {
        if (get().previewNodeId !== previewNodeId) set({ previewNodeId });
      },
      setDiffMarks(diffMarks, diffGhosts = []) {
        set({ diffMarks, diffGhosts });
      },
      setIssues(issues) {
        set({ issues, nodeIssues: summarizeByNode(issues) });
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

function summarizeByNode(issues: readonly ValidationIssue[]): Record<string, string> {
  const counts = new Map<string, { errors: number; warnings: number }>();
  for (const issue of issues) {
    if (!issue.nodeId) continue;
    const count = counts.get(issue.nodeId) ?? { errors: 0, warnings: 0 };
    if (issue.severity === 'error') count.errors++;
    else count.warnings++;
    counts.set(issue.nodeId, count);
  }
  const summary: Record<string, string> = {};
  for (const [nodeId, count] of counts) summary[nodeId] = count.errors ? `error:${count.errors}` : `warning:${count.warnings}`;
  return summary;
}

