import type { FlowDiffResult } from '../../api-client/types';

/** Which canvas nodes to highlight for a comparison: changed wins over moved; removed ones are drawn as ghosts. */
export function diffMarks(diff: Pick<FlowDiffResult, 'nodes'>): Record<string, string> {
  const marks: Record<string, string> = {};
  for (const id of diff.nodes.moved) marks[id] = 'moved';
  for (const { id } of diff.nodes.changed) marks[id] = 'changed';
  for (const id of diff.nodes.added) marks[id] = 'added';
  for (const id of diff.nodes.removed) marks[id] = 'removed';
  return marks;
}
