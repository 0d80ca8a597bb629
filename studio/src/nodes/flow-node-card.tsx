import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { EditorNode } from './flow-node-data';
import { outputLabel } from './node-outputs';
import type { NodeView } from './node-views';
import { useFlowEditor } from '../editor/store/flow-editor-context';

/**
 * Builds the memoised canvas component for one node type: a card with the node's summary, one
 * input handle, and one labelled output handle per named output.
 *
 * A canvas may hold thousands of cards, and their first layout is most of what loading a large flow costs, so a card
 * is as few elements as it can be: the glyph is the header's `::before` (from `data-glyph`), the accent comes from
 * the node type's class (`nodeAccentCss`), and an output is one row holding its label and its handle.
 */
export function createFlowNodeCard(type: string, view: NodeView, label: string) {
  const cardClass = `flow-node accent-${type}`;
  function FlowNodeCard({ data, selected }: NodeProps<EditorNode>) {
    const { node, outputs } = data;
    // One subscription per card, answering a string: a store change re-renders only cards whose marks changed.
    const marks = useFlowEditor((state) =>
      [state.nodeIssues[node.id] ?? '', state.diffMarks[node.id] ?? '', state.previewNodeId === node.id ? '1' : '', state.searchMatches[node.id] ? '1' : ''].join('|'),
    );
    const [issue, diffMark, isPreviewCurrent, isSearchMatch] = marks.split('|');
    const badged = !!(issue || diffMark);
    return (
      <div className={`${cardClass}${selected ? ' is-selected' : ''}${diffMark ? ` diff-${diffMark}` : ''}${isPreviewCurrent ? ' is-preview-current' : ''}${isSearchMatch ? ' is-search-match' : ''}`}>
        <Handle type="target" position={Position.Left} className="flow-handle flow-handle-in" />
        {/* The title needs its own element to be cut short only when badges share the header. */}
        <div className={badged ? 'flow-node-header has-badges' : 'flow-node-header'} data-glyph={view.glyph}>
          {badged ? <span className="flow-node-title">{label}</span> : label}
          {diffMark && <span className={`diff-badge diff-badge-${diffMark}`}>{diffMark}</span>}
          {issue && <IssueBadge summary={issue} />}
        </div>
        <p className="flow-node-summary">{view.summary(node.config)}</p>
        {outputs.map((output) => (
          <div key={output} className="flow-node-output">
            {/* Positioned against the card, not the row: the row clips a long label, never the handle. */}
            <Handle type="source" id={output} position={Position.Right} className="flow-handle flow-handle-out" />
            {outputLabel(output, node.config)}
          </div>
        ))}
      </div>
    );
  }
  FlowNodeCard.displayName = `FlowNodeCard(${label})`;
  return memo(FlowNodeCard, drawsTheSame);
}

/**
 * A card draws only its data and whether it is selected. React Flow also hands it its measured size and position,
 * which change for every card once on load (when it is measured) and for a dragged card on every frame: re-rendering
 * for those would redo the card for nothing.
 */
function drawsTheSame(previous: NodeProps<EditorNode>, next: NodeProps<EditorNode>): boolean {
  return previous.data === next.data && previous.selected === next.selected;
}

/** One rule per node type giving its cards their accent colour: a class shared by many cards, not a style per card. */
export function nodeAccentCss(views: Readonly<Record<string, NodeView>>): string {
  return Object.entries(views)
    .map(([type, view]) => `.flow-node.accent-${type}{--node-accent:${view.accent}}`)
    .join('\n');
}

function IssueBadge({ summary }: { summary: string }) {
  const [severity, count] = summary.split(':');
  const text = `${count} ${severity}${count === '1' ? '' : 's'}`;
  return (
    <span className={`node-issue node-issue-${severity}`} title={text} aria-label={text}>
      {severity === 'error' ? '!' : '?'} {count}
    </span>
  );
}
