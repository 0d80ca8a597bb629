/** The API's bounds on a funnel (`nodes=a,b,…`). */
export const MIN_FUNNEL_STEPS = 2;
export const MAX_FUNNEL_STEPS = 8;

/** One position in the funnel being built: a stable key (React rows, focus) and the chosen node id, '' until picked. */
export interface FunnelSlot {
  key: number;
  nodeId: string;
}

let nextKey = 0;
export const newSlot = (nodeId = ''): FunnelSlot => ({ key: ++nextKey, nodeId });

export function addSlot(slots: FunnelSlot[]): FunnelSlot[] {
  return slots.length >= MAX_FUNNEL_STEPS ? slots : [...slots, newSlot()];
}

export function removeSlot(slots: FunnelSlot[], index: number): FunnelSlot[] {
  return slots.length <= MIN_FUNNEL_STEPS ? slots : slots.filter((_, i) => i !== index);
}

/** Swaps the slot at `index` with its neighbour (`delta` -1 up, +1 down); out of range leaves the list as is. */
export function moveSlot(slots: FunnelSlot[], index: number, delta: -1 | 1): FunnelSlot[] {
  const target = index + delta;
  if (index < 0 || index >= slots.length || target < 0 || target >= slots.length) return slots;
  const next = [...slots];
  [next[index], next[target]] = [next[target], next[index]];
  return next;
}

export function setSlot(slots: FunnelSlot[], index: number, nodeId: string): FunnelSlot[] {
  return slots.map((s, i) => (i === index ? { ...s, nodeId } : s));
}

/** Why the funnel cannot be shown yet, or null when every step is picked and no step repeats. */
export function funnelProblem(slots: FunnelSlot[]): string | null {
  if (slots.some((s) => s.nodeId === '')) return 'Pick a step for every position.';
  if (new Set(slots.map((s) => s.nodeId)).size !== slots.length) return 'Each step can appear only once.';
  return null;
}
