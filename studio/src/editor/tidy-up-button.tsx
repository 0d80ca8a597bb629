import { useReactFlow } from '@xyflow/react';
import { autoLayout, type Size } from './canvas/auto-layout';
import { isStepId } from './canvas/canvas-ids';
import { moveNodes } from './store/document-ops';
import { useFlowEditorStore } from './store/flow-editor-context';

/** Auto-layout: lays every step out left to right along its connections, as one undo step. */
export function TidyUpButton() {
  const store = useFlowEditorStore();
  const { getNodes, fitView } = useReactFlow();

  const tidy = () => {
    const sizes = new Map<string, Size>();
    for (const node of getNodes()) {
      if (isStepId(node.id) && node.measured?.width && node.measured.height) {
        sizes.set(node.id, { width: node.measured.width, height: node.measured.height });
      }
    }
    const { document } = store.getState();
    store.getState().apply(moveNodes(document, autoLayout(document, sizes)));
    // Let React Flow take the new positions before fitting them in view.
    window.requestAnimationFrame(() => void fitView({ duration: 300, maxZoom: 1, padding: 0.2 }));
  };

  return (
    <button type="button" className="button button-secondary button-small" onClick={tidy} title="Lay out the flow automatically">
      Tidy up
    </button>
  );
}
