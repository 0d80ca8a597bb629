/** What every `npm run bench:*` script shares: timing, percentiles and the Markdown table it prints. */

/** How long `fn` took, in ms. */
export async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

/** The `p` quantile (0–1) of the samples, nearest-rank. */
export function quantile(samples: ArrayLike<number>, p: number): number {
  const sorted = Float64Array.from(samples).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

/** "p50 / p95" with `digits` decimals. */
export function p50p95(samples: number[], digits = 1): string {
  return `${quantile(samples, 0.5).toFixed(digits)} / ${quantile(samples, 0.95).toFixed(digits)}`;
}

/** A Markdown table, so a run's output can be pasted into a note or README as is. */
export function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  rows.forEach((r) => console.log(line(r)));
}
