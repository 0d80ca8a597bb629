import type { DataSource } from 'typeorm';
import { BacklogGate } from './intake.service';

/** A DataSource whose backlog count is whatever `counts` says next (the last value repeats). */
function fakeDb(counts: Array<number | Error>, delayMs = 0) {
  const calls: unknown[][] = [];
  const db = {
    query: async (_sql: unknown, params: unknown[]) => {
      calls.push(params);
      if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
      const next = counts.length > 1 ? counts.shift()! : counts[0];
      if (next instanceof Error) throw next;
      return [{ n: next }];
    },
  } as unknown as DataSource;
  return { db, calls };
}

const elapsed = async (run: () => Promise<void>) => {
  const t0 = Date.now();
  await run();
  return Date.now() - t0;
};

describe('BacklogGate (intake backpressure)', () => {
  it('lets deliveries through without waiting for the count while under the limit, counting at most limit + 1 rows', async () => {
    // A slow count: a delivery that waited for it would take 600 ms.
    const { db, calls } = fakeDb([3], 600);
    const gate = new BacklogGate(db, 10, 1_000, 20);
    expect(await elapsed(() => gate.admit())).toBeLessThan(300);
    expect(calls).toEqual([[11]]);
  });

  it('holds a delivery while the backlog is over the limit, and lets it go once it shrinks', async () => {
    const { db } = fakeDb([50, 50, 50, 50, 2]);
    const gate = new BacklogGate(db, 10, 5_000, 10);
    await gate.admit(); // learns the backlog (50)
    const waited = await elapsed(() => gate.admit());
    expect(waited).toBeGreaterThanOrEqual(20);
    expect(waited).toBeLessThan(2_000);
  });

  it('stores anyway after maxWaitMs when the workers do not catch up (nothing is refused)', async () => {
    const { db } = fakeDb([50]);
    const gate = new BacklogGate(db, 10, 120, 10);
    await gate.admit();
    const waited = await elapsed(() => gate.admit());
    expect(waited).toBeGreaterThanOrEqual(110);
    expect(waited).toBeLessThan(1_000);
  });

  it('stops waiting when the count fails (the store then reports the outage)', async () => {
    const { db } = fakeDb([50, new Error('connection refused')]);
    const gate = new BacklogGate(db, 10, 5_000, 10);
    await gate.admit();
    expect(await elapsed(() => gate.admit())).toBeLessThan(1_000);
  });

  it('is off with a limit of 0: no count at all', async () => {
    const { db, calls } = fakeDb([1_000]);
    await new BacklogGate(db, 0).admit();
    expect(calls).toEqual([]);
  });
});
