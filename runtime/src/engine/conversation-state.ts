import type { ConversationState } from './engine-types';

/** A fresh conversation on `flowId`, before any node ran. */
export function createConversation(flowId: string, variables: ConversationState['variables'] = {}): ConversationState {
  return {
    stateVersion: 1,
    flowId,
    status: 'ended',
    currentNodeId: null,
    wait: null,
    variables: { ...variables },
    retries: {},
    callStack: [],
    sticky: {},
    pendingPrivateReply: null,
    steps: { total: 0, turns: 0, lastTurn: 0 },
    lastError: null,
    updatedAt: null,
  };
}

/** A deep copy; the engine never mutates the state it was given. */
export function cloneConversation(state: ConversationState): ConversationState {
  return {
    ...state,
    wait: state.wait ? { ...state.wait } : null,
    variables: { ...state.variables },
    retries: { ...state.retries },
    callStack: state.callStack.map((f) => ({ ...f })),
    sticky: { ...state.sticky },
    steps: { ...state.steps },
    lastError: state.lastError ? { ...state.lastError } : null,
  };
}
