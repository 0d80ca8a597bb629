import type { FlowDiffResult } from '../../api-client/types';

/** Which canvas nodes to highlight for a comparison: changed wins over moved. */
export function diffMarks(diff: Pick<FlowDiffResult, 'nodes'>): Record<string, string> {
  const marks: Record<string, string> = {};
  for (const id of diff.nodes.moved) marks[id] = 'moved';
  for (const { id } of diff.nodes.changed) marks[id] = 'changed';
  for (const id of diff.nodes.added) marks[id] = 'added';
  return marks;
}
