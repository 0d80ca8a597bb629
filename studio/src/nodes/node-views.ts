import type { NodeType } from './runtime-catalog';

/** How the canvas shows one node type: an accent colour, a short badge text and a summary of its config. */
export interface NodeView {
  accent: string;
  glyph: string;
  summary(config: Record<string, unknown>): string;
}

/** Every node type needs a view: a type missing here fails to compile. */
export const nodeViews: Record<NodeType, NodeView> = {
  'send-message': {
    accent: '#5b4cf0',
    glyph: 'Msg',
    summary: (c) => text(c.text) || (isRecord(c.media) ? `[${String(c.media.kind)}]` : '') || count(c.cards, 'card') || 'Empty message',
  },
  'ask-question': {
    accent: '#0f8a8a',
    glyph: 'Q',
    summary: (c) => joinParts(text(c.prompt) || 'No question yet', c.saveTo ? `→ {{vars.${String(c.saveTo)}}}` : ''),
  },
  condition: {
    accent: '#c26a00',
    glyph: 'If',
    summary: (c) => list(c.groups).map(groupText).join(' · ') || 'No rules',
  },
  'set-variable': {
    accent: '#3a7bd5',
    glyph: 'x=',
    summary: (c) => (c.name ? `${String(c.name)} = ${text(c.value) || '…'}` : 'Choose a variable'),
  },
  tag: {
    accent: '#7a52c7',
    glyph: '#',
    summary: (c) => `${c.action === 'remove' ? 'Remove' : 'Add'} ${list(c.tags).map(String).join(', ') || 'tags'}`,
  },
  delay: {
    accent: '#6b7280',
    glyph: 'Wait',
    summary: (c) =>
      isRecord(c.duration)
        ? `Wait ${String(c.duration.amount)} ${String(c.duration.unit)}`
        : c.mode === 'until-window'
          ? `Wait until ${count(c.windows, 'time window')}`
          : 'Wait',
  },
  randomizer: {
    accent: '#d0457a',
    glyph: '%',
    summary: (c) =>
      list(c.branches)
        .map((b) => (isRecord(b) ? `${String(b.label ?? b.id)} ${String(b.weight ?? '')}%` : ''))
        .join(' · ') || 'No branches',
  },
  'go-to-flow': {
    accent: '#2f855a',
    glyph: 'Go',
    summary: (c) => (c.flowId ? `Go to flow ${String(c.flowId)}` : 'Choose a flow'),
  },
  end: {
    accent: '#9b2c2c',
    glyph: 'End',
    summary: (c) => text(c.note) || 'End of conversation',
  },
  'http-request': {
    accent: '#2b6cb0',
    glyph: 'API',
    summary: (c) => `${String(c.method ?? 'GET')} ${text(c.url) || '…'}`,
  },
  handoff: {
    accent: '#b7791f',
    glyph: 'Hi',
    summary: (c) => joinParts(text(c.message) || 'Hand off to the team', c.team ? `(${String(c.team)})` : ''),
  },
};

/** The view for a type the studio does not know (a document from a newer runtime). */
export const unknownNodeView: NodeView = { accent: '#6b7280', glyph: '?', summary: () => 'Unknown node type' };

function groupText(group: unknown): string {
  if (!isRecord(group)) return '';
  if (typeof group.label === 'string' && group.label) return group.label;
  const joiner = group.match === 'any' ? ' or ' : ' and ';
  return list(group.rules).map(ruleText).join(joiner);
}

function ruleText(rule: unknown): string {
  if (!isRecord(rule)) return '';
  const subject = rule.field ? String(rule.field) : String(rule.source ?? '');
  const value = rule.value ?? (Array.isArray(rule.values) ? rule.values.join(', ') : '');
  return [subject, String(rule.operator ?? '').replace(/-/g, ' '), String(value ?? '')].filter(Boolean).join(' ');
}

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function count(value: unknown, noun: string): string {
  const n = list(value).length;
  return n ? `${n} ${noun}${n === 1 ? '' : 's'}` : '';
}

function joinParts(...parts: string[]): string {
  return parts.filter(Boolean).join(' ');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}
