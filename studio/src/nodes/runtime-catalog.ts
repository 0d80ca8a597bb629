// The one place the studio reaches into the runtime package: node definitions, their outputs and
// config schemas, and the flow document types. Every screen imports them from here.
export {
  NODE_TYPES,
  getNodeDefinition,
  isNodeType,
  nodeConfigJsonSchema,
  nodeDefinitions,
  nodeRegistry,
} from '@parley/runtime/nodes/node-registry';
export type { NodeType } from '@parley/runtime/nodes/node-registry';
export type { NodeDefinition } from '@parley/runtime/nodes/define-node';
export type { FlowDocument, FlowEdge, FlowNode, StickyNote } from '@parley/runtime/flow/flow-document';
