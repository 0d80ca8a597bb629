import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo, type CSSProperties } from 'react';
import type { EditorNode } from './flow-node-data';
import { outputLabel } from './node-outputs';
import type { NodeView } from './node-views';
import { useFlowEditor } from '../editor/store/flow-editor-context';

/**
 * Builds the memoised canvas component for one node type: a card with the node's summary, one
 * input handle, and one labelled output handle per named output.
 */
export function createFlowNodeCard(view: NodeView, label: string) {
  function FlowNodeCard({ data, selected }: NodeProps<EditorNode>) {
    const { node, outputs } = data;
    // One subscription per card, answering a string: a store change re-renders only cards whose marks changed.
    const marks = useFlowEditor((state) =>
      [state.nodeIssues[node.id] ?? '', state.diffMarks[node.id] ?? '', state.previewNodeId === node.id ? '1' : '', state.searchMatches[node.id] ? '1' : ''].join('|'),
    );
    const [issue, diffMark, isPreviewCurrent, isSearchMatch] = marks.split('|');
    return (
      <div className={`flow-node${selected ? ' is-selected' : ''}${diffMark ? ` diff-${diffMark}` : ''}${isPreviewCurrent ? ' is-preview-current' : ''}${isSearchMatch ? ' is-search-match' : ''}`} style={{ '--node-accent': view.accent } as CSSProperties}>
        <Handle type="target" position={Position.Left} className="flow-handle flow-handle-in" />
        <div className="flow-node-header">
          <span className="flow-node-glyph" aria-hidden="true">
            {view.glyph}
          </span>
          <span className="flow-node-title">{label}</span>
          {diffMark && <span className={`diff-badge diff-badge-${diffMark}`}>{diffMark}</span>}
          {issue && <IssueBadge summary={issue} />}
        </div>
        <p className="flow-node-summary">{view.summary(node.config)}</p>
        {outputs.length > 0 && (
          <ul className="flow-node-outputs" aria-label="Outputs">
            {outputs.map((output) => (
              <li key={output} className="flow-node-output">
                <span>{outputLabel(output, node.config)}</span>
                <Handle type="source" id={output} position={Position.Right} className="flow-handle flow-handle-out" />
              </li>
            ))}
          </ul>
        )}
      </div>
    );
  }
  FlowNodeCard.displayName = `FlowNodeCard(${label})`;
  return memo(FlowNodeCard);
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
