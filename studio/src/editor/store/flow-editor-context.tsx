import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { FlowEditorState, FlowEditorStore } from './flow-editor-store';

const FlowEditorContext = createContext<FlowEditorStore | null>(null);

export function FlowEditorProvider({ store, children }: { store: FlowEditorStore; children: ReactNode }) {
  return <FlowEditorContext.Provider value={store}>{children}</FlowEditorContext.Provider>;
}

/** The open flow's store, for event handlers that read state without subscribing. */
export function useFlowEditorStore(): FlowEditorStore {
  const store = useContext(FlowEditorContext);
  if (!store) throw new Error('useFlowEditor must be used inside <FlowEditorProvider>');
  return store;
}

/** Subscribes to one slice of the open flow's state. */
export function useFlowEditor<T>(selector: (state: FlowEditorState) => T): T {
  return useStore(useFlowEditorStore(), selector);
}
