import { leadCaptureFlow } from '../fixtures/lead-capture.flow';
import { FlowDocumentError, upgradeFlowDocument } from './upgrade-flow-document';

describe('upgradeFlowDocument', () => {
  it('returns a current document unchanged in meaning, and does not mutate the input', () => {
    const raw = JSON.parse(JSON.stringify(leadCaptureFlow));
    const copy = JSON.parse(JSON.stringify(raw));
    expect(upgradeFlowDocument(raw)).toEqual(leadCaptureFlow);
    expect(raw).toEqual(copy);
  });

  it('treats a document without schemaVersion as v1 and fills defaults', () => {
    const doc = upgradeFlowDocument({ nodes: [{ id: 'a', type: 'end', position: { x: 0, y: 0 } }] });
    expect(doc).toMatchObject({ schemaVersion: 1, triggers: [], edges: [], variables: [], notes: [] });
    expect(doc.nodes[0].config).toEqual({});
  });

  it('refuses documents from a newer Parley and broken JSON', () => {
    expect(() => upgradeFlowDocument({ schemaVersion: 99, nodes: [] })).toThrow(FlowDocumentError);
    expect(() => upgradeFlowDocument({ schemaVersion: 99, nodes: [] })).toThrow(/newer/);
    expect(() => upgradeFlowDocument([])).toThrow(FlowDocumentError);
    expect(() => upgradeFlowDocument({ schemaVersion: 1, nodes: [{ id: 1 }] })).toThrow(/nodes\.0/);
  });
});
