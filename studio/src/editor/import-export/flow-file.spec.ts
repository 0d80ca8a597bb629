import { upgradeFlowDocument } from '../../nodes/runtime-catalog';
import { readFlowFile, toFlowFile } from './flow-file';

const current = upgradeFlowDocument({ schemaVersion: 1, id: 'mine', triggers: [], nodes: [], edges: [] });
const theirs = upgradeFlowDocument({
  schemaVersion: 1,
  id: 'theirs',
  triggers: [{ id: 't', kind: 'keyword', keywords: [{ value: 'hi', mode: 'is' }], startNodeId: 'm' }],
  nodes: [{ id: 'm', type: 'send-message', position: { x: 0, y: 0 }, config: { text: 'Hello' } }],
  edges: [],
});

describe('flow files', () => {
  it('round-trips an exported file into the draft, keeping the draft its own flow id', () => {
    const file = JSON.parse(JSON.stringify(toFlowFile('Greeter', null, theirs, new Date('2026-01-01T00:00:00Z'))));
    expect(file).toMatchObject({ schemaVersion: 1, name: 'Greeter', exportedAt: '2026-01-01T00:00:00.000Z' });
    const read = readFlowFile(file, current);
    expect(read).toEqual({ ok: true, document: { ...theirs, id: 'mine' } });
  });

  it('accepts a bare flow document too', () => {
    const read = readFlowFile(JSON.parse(JSON.stringify(theirs)), { ...current, id: undefined });
    expect(read.ok && read.document.nodes.map((n) => n.id)).toEqual(['m']);
    expect(read.ok && 'id' in read.document).toBe(false);
  });

  it('says what is wrong with something that is not a flow', () => {
    const read = readFlowFile({ name: 'x', document: { nodes: 'many' } }, current);
    expect(read).toEqual({ ok: false, error: expect.stringMatching(/^This file is not a Parley flow: .+/) });
  });
});
