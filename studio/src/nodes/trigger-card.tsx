import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { TriggerCardNode } from './flow-node-data';
import type { Trigger } from './runtime-catalog';

/** The flow's entry card: what starts it, with a handle leading to the node it starts at. */
export const TriggerCard = memo(function TriggerCard({ data, selected }: NodeProps<TriggerCardNode>) {
  const { trigger } = data;
  return (
    <div className={`trigger-card${selected ? ' is-selected' : ''}${trigger.enabled === false ? ' is-disabled' : ''}`}>
      <div className="trigger-card-kind">Starts when</div>
      <div className="trigger-card-title">{trigger.name || TRIGGER_LABELS[trigger.kind] || trigger.kind}</div>
      <p className="trigger-card-summary">{triggerSummary(trigger)}</p>
      <Handle type="source" id="start" position={Position.Right} className="flow-handle flow-handle-out" />
    </div>
  );
});

export const TRIGGER_LABELS: Record<Trigger['kind'], string> = {
  keyword: 'A message has a keyword',
  'default-reply': 'No other flow answers',
  welcome: 'A new contact writes',
  postback: 'A button is tapped',
  ref: 'A link or ad is opened',
  'instagram-comment': 'Someone comments a post',
  'story-mention': 'Someone mentions you in a story',
  'story-reply': 'Someone replies to a story',
};

function triggerSummary(trigger: Trigger): string {
  const parts: string[] = [];
  if ('keywords' in trigger && trigger.keywords.length) parts.push(trigger.keywords.map((k) => `“${k.value}”`).join(', '));
  if (trigger.kind === 'postback') parts.push(trigger.payloads.join(', '));
  if (trigger.kind === 'ref') parts.push(trigger.refs.join(', '));
  if (trigger.channels?.length) parts.push(`on ${trigger.channels.join(', ')}`);
  if (trigger.enabled === false) parts.push('(off)');
  return parts.join(' ') || 'Any message';
}
