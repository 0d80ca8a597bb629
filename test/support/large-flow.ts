/** A valid flow of `size` steps: a keyword trigger, a chain of messages with a question every 50 steps, an end. */
export function largeFlow(size: number, textSuffix = '') {
  const nodes = [];
  const edges = [];
  for (let i = 0; i < size - 1; i++) {
    const question = i % 50 === 49;
    nodes.push({
      id: `n${i}`,
      type: question ? 'ask-question' : 'send-message',
      position: { x: (i % 20) * 260, y: Math.floor(i / 20) * 160 },
      config: question ? { prompt: `Question ${i}?${textSuffix}`, expect: 'text', saveTo: `answer_${i}` } : { text: `Step ${i}: thanks for your message!${textSuffix}` },
    });
    edges.push({ id: `e${i}`, source: `n${i}`, sourceOutput: question ? 'answered' : 'next', target: i === size - 2 ? 'end' : `n${i + 1}` });
  }
  nodes.push({ id: 'end', type: 'end', position: { x: 0, y: Math.ceil(size / 20) * 160 }, config: {} });
  return {
    schemaVersion: 1,
    triggers: [{ id: 't1', kind: 'keyword', startNodeId: 'n0', keywords: [{ value: 'start', mode: 'whole-word' }] }],
    nodes,
    edges,
    variables: [],
    notes: [],
  };
}
