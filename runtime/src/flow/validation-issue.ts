/** One finding of `validateFlow`, worded for the marketer who built the flow. */
export interface ValidationIssue {
  severity: 'error' | 'warning';
  /** Stable machine code, e.g. `unknown-node-type`, `edge-unknown-output`, `channel-limit`. */
  code: ValidationCode;
  message: string;
  nodeId?: string;
  edgeId?: string;
  triggerId?: string;
  /** Field path inside the node or trigger, e.g. `config.text`. */
  path?: string;
}

export type ValidationCode =
  | 'invalid-document'
  | 'duplicate-node-id'
  | 'duplicate-edge-id'
  | 'unknown-node-type'
  | 'invalid-config'
  | 'edge-unknown-source'
  | 'edge-missing-target'
  | 'edge-unknown-output'
  | 'duplicate-output-edge'
  | 'no-trigger'
  | 'invalid-trigger'
  | 'trigger-missing-start-node'
  | 'loop-without-wait'
  | 'unreachable-node'
  | 'unconnected-output'
  | 'channel-limit'
  | 'unknown-flow';
