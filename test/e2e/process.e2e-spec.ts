import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..', '..');

/** The real `npm start` entry point, as a user runs it: embedded PostgreSQL, migrations, owner, HTTP. */
describe('npm start (process)', () => {
  let dataDir: string;
  let httpPort: number;
  let pgPort: number;

  beforeAll(async () => {
    execFileSync('npx', ['tsc', '-b', 'api'], { cwd: root, stdio: 'inherit' });
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-start-'));
    httpPort = await freePort();
    pgPort = await freePort();
  });
  afterAll(() => {
    if (!dataDir) return;
    // Whatever happened, leave no server behind.
    for (const pid of postgresPids(dataDir)) process.kill(pid, 'SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  function start(extraEnv: Record<string, string> = {}): { child: ChildProcess; output: () => string } {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(httpPort),
      PARLEY_DATA_DIR: dataDir,
      PARLEY_EMBEDDED_PG_PORT: String(pgPort),
      PARLEY_ADMIN_EMAIL: 'first@example.com',
      LOG_LEVEL: 'warn',
      ...extraEnv,
    };
    delete env.DATABASE_URL;
    delete env.PARLEY_ADMIN_PASSWORD;
    const child = spawn(process.execPath, [path.join(root, 'scripts', 'start.js')], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout!.on('data', (c) => (output += c));
    child.stderr!.on('data', (c) => (output += c));
    return { child, output: () => output };
  }

  async function waitReady(run: { child: ChildProcess; output: () => string }): Promise<void> {
    const { child, output } = run;
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode}:\n${output()}`);
      try {
        const res = await fetch(`http://127.0.0.1:${httpPort}/api/ready`);
        if (res.status === 200) return;
      } catch {
        /* not listening yet */
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`not ready in time:\n${output()}`);
  }

  const exited = (child: ChildProcess) =>
    new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))));

  it('comes up on an empty data dir, prints the generated password once, and stops cleanly on SIGTERM', async () => {
    const run = start();
    await waitReady(run);
    const password = /password: (\S+)/.exec(run.output())?.[1];
    expect(password).toBeDefined();
    expect(run.output()).toContain('first@example.com');
    const login = await fetch(`http://127.0.0.1:${httpPort}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'first@example.com', password }),
    });
    expect(login.status).toBe(200);
    expect(postgresPids(dataDir)).toHaveLength(1);

    run.child.kill('SIGTERM');
    expect(await exited(run.child)).toBe(0);
    expect(postgresPids(dataDir)).toEqual([]);
  });

  it('comes back up on the same data without creating another owner', async () => {
    const run = start();
    await waitReady(run);
    expect(run.output()).not.toMatch(/password: /);
    run.child.kill('SIGINT');
    expect(await exited(run.child)).toBe(0);
    expect(postgresPids(dataDir)).toEqual([]);
  });

  it('after a kill -9 of Node, the next start stops the leftover PostgreSQL and comes up', async () => {
    const crashed = start();
    await waitReady(crashed);
    crashed.child.kill('SIGKILL');
    await exited(crashed.child);
    expect(postgresPids(dataDir)).toHaveLength(1); // the orphan still holds the data dir

    const run = start();
    await waitReady(run);
    expect(run.output()).toContain('left running');
    run.child.kill('SIGTERM');
    expect(await exited(run.child)).toBe(0);
    expect(postgresPids(dataDir)).toEqual([]);
  });

  it('says clearly when the embedded PostgreSQL port is taken', async () => {
    const blocker = net.createServer().listen(pgPort, '127.0.0.1');
    await new Promise((r) => blocker.once('listening', r));
    try {
      const run = start();
      expect(await exited(run.child)).toBe(1);
      expect(run.output()).toContain(`Port ${pgPort} for the embedded PostgreSQL is taken`);
    } finally {
      blocker.close();
    }
  });

  it('refuses a bad configuration naming the variable', async () => {
    const run = start({ PORT: 'eighty' });
    expect(await exited(run.child)).toBe(1);
    expect(run.output()).toMatch(/Invalid configuration:\n\s+PORT:/);
  });
});

/** PostgreSQL postmaster processes serving this data dir (found through /proc, as a user would with ps). */
function postgresPids(dataDir: string): number[] {
  const real = fs.existsSync(path.join(dataDir, 'postgres')) ? fs.realpathSync(path.join(dataDir, 'postgres')) : path.join(dataDir, 'postgres');
  const pids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let cmdline = '';
    try {
      cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    const args = cmdline.split('\0');
    if (path.basename(args[0]) === 'postgres' && args.includes(real)) pids.push(Number(entry));
  }
  return pids;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
