import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..', '..', '..');

/** A `PARLEY_ROLE=worker` process of the built API (`api/dist/main.js`, so run `tsc -b api` first). */
export interface WorkerProcess {
  child: ChildProcess;
  output(): string;
  /** Resolves once the worker's loops run. */
  ready: Promise<void>;
  exited: Promise<number | null>;
}

export function spawnWorker(env: Record<string, string>): WorkerProcess {
  const child = spawn(process.execPath, [path.join(root, 'api', 'dist', 'main.js')], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env, PARLEY_ROLE: 'worker' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let onReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    if (/worker \d+ running/.test(output)) onReady();
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const readyOrDead = Promise.race([ready, exited.then((code) => Promise.reject(new Error(`worker exited with ${code}:\n${output}`)))]);
  return { child, output: () => output, ready: readyOrDead, exited };
}

/** Stops workers, SIGKILL after a grace period: no test leaves a process behind. */
export async function stopWorkers(workers: WorkerProcess[], graceMs = 5000): Promise<void> {
  await Promise.all(
    workers.map(async (w) => {
      if (w.child.exitCode !== null || w.child.signalCode !== null) return;
      w.child.kill('SIGTERM');
      const timer = setTimeout(() => w.child.kill('SIGKILL'), graceMs);
      await w.exited;
      clearTimeout(timer);
    }),
  );
}

/** Runs `task` over `items` with at most `limit` in flight. */
export async function pool<T>(items: T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await task(items[next++]);
    }),
  );
}
