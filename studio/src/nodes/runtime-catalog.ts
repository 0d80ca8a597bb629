// The one place the studio reaches into the runtime package: node definitions, their outputs and
// config schemas, and the flow document types. Every screen imports them from here.
export {
  NODE_TYPES,
  getNodeDefinition,
  isNodeType,
  nodeConfigJsonSchema,
  nodeDefinitions,
  nodeRegistry,
  CHANNELS,
  upgradeFlowDocument,
  triggerSchema,
  validateFlow,
} from '@parley/runtime';
export type {
  Channel,
  FlowDocument, FlowEdge, FlowNode, NodeDefinition, NodeType, StickyNote, Trigger, ValidationIssue,
} from '@parley/runtime';
