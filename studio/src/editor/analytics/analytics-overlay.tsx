import { useStore, ViewportPortal, type ReactFlowState } from '@xyflow/react';
import { memo, useMemo } from 'react';
import type { FlowAnalytics, NodeAnalytics } from '../../api-client/analytics-api';
import { nodeOutputs } from '../../nodes/node-outputs';
import { useFlowEditor } from '../store/flow-editor-context';
import { dropOffRate, edgeCount, formatCount, formatRate, heatColour } from './analytics-view';

const selectLookup = (state: ReactFlowState) => state.nodeLookup;

/**
 * Drawn in flow coordinates over the canvas (React Flow's viewport portal), so it pans and zooms with the cards
 * without touching them: a heat ring and a count badge per step, and the number of conversations on each edge.
 */
export const AnalyticsOverlay = memo(function AnalyticsOverlay({ data }: { data: FlowAnalytics }) {
  const document = useFlowEditor((state) => state.document);
  const lookup = useStore(selectLookup);
  const stats = useMemo(() => new Map(data.nodes.map((n) => [n.nodeId, n])), [data]);
  const max = Math.max(0, ...data.nodes.map((n) => n.entered));

  return (
    <ViewportPortal>
      {document.nodes.map((node) => {
        const internal = lookup.get(node.id);
        if (!internal) return null;
        const { x, y } = internal.internals.positionAbsolute;
        const width = internal.measured.width ?? 240;
        const height = internal.measured.height ?? 80;
        const s = stats.get(node.id);
        const drop = node.type === 'end' ? null : dropOffRate(s, nodeOutputs(node).length > 0);
        return (
          <div key={node.id} className="analytics-node" style={{ transform: `translate(${x - 5}px, ${y - 5}px)`, width: width + 10, height: height + 10, borderColor: heatColour(s?.entered ?? 0, max) }}>
            <div className="analytics-node-badge" data-node-id={node.id}>
              <span>{formatCount(s?.entered ?? 0)} entered</span>
              {drop !== null && <span className={drop >= 0.3 ? 'analytics-drop analytics-drop-high' : 'analytics-drop'}>{formatRate(drop)} stopped here</span>}
              <NodeDetail type={node.type} stats={s} />
            </div>
          </div>
        );
      })}
      {document.edges.map((edge) => {
        const source = lookup.get(edge.source);
        const target = lookup.get(edge.target);
        if (!source || !target) return null;
        const handle = source.internals.handleBounds?.source?.find((h) => h.id === edge.sourceOutput);
        const from = source.internals.positionAbsolute;
        const sx = from.x + (handle ? handle.x + handle.width / 2 : (source.measured.width ?? 240));
        const sy = from.y + (handle ? handle.y + handle.height / 2 : (source.measured.height ?? 80) / 2);
        const to = target.internals.positionAbsolute;
        const tx = to.x;
        const ty = to.y + (target.measured.height ?? 80) / 2;
        return (
          <div key={edge.id} className="analytics-edge" data-edge-id={edge.id} style={{ transform: `translate(${(sx + tx) / 2}px, ${(sy + ty) / 2}px) translate(-50%, -50%)` }}>
            {formatCount(edgeCount(stats, edge.source, edge.sourceOutput))}
          </div>
        );
      })}
    </ViewportPortal>
  );
});

/** What matters most for a step of this type: a question's answers, a message's delivery and clicks. */
function NodeDetail({ type, stats }: { type: string; stats: NodeAnalytics | undefined }) {
  if (!stats) return null;
  if (type === 'ask-question') {
    return (
      <span>
        {formatCount(stats.answered)} answered · {formatCount(stats.invalid)} invalid · {formatCount(stats.timedOut)} timed out
      </span>
    );
  }
  if (stats.sent || stats.failed || stats.blocked) {
    return (
      <span>
        {formatCount(stats.sent)} sent · {formatCount(stats.delivered)} delivered · {formatCount(stats.read)} read
        {stats.clicks > 0 && ` · ${formatCount(stats.clicks)} clicks`}
      </span>
    );
  }
  return null;
}
