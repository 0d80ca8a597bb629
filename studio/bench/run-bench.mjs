/* global window, requestAnimationFrame -- used inside page.evaluate / waitForFunction, which run in the browser */
// `npm run bench -w studio`: the studio's canvas against bare React Flow, in headless Chromium with
// software rendering (as on a server). Prints load time and per-pointer-move cost while dragging a
// node and while panning, for 100, 1,000 and 5,000 nodes, and the studio/bare ratios.
//
// One load per variant swings by ±15 % on a shared 2-core machine, so load is measured in interleaved rounds
// (bare, studio, bare, studio…), each in a fresh browser context, and reported as the median with the spread of
// all rounds. BENCH_LOAD_ROUNDS sets the rounds for every size (default 5, 3 at 5,000 nodes and more).
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { loadavg } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const DIST = fileURLToPath(new URL('./dist/', import.meta.url));
const SIZES = (process.env.BENCH_SIZES ?? '100,1000,5000').split(',').map(Number);
const MOVES = 30;
const MODES = ['bare', 'studio'];
const loadRounds = (nodes) => Number(process.env.BENCH_LOAD_ROUNDS ?? (nodes >= 5000 ? 3 : 5));
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

const server = createServer((req, res) => {
  const path = normalize(join(DIST, decodeURIComponent(new URL(req.url, 'http://x').pathname)));
  const file = path.startsWith(DIST) && existsSync(path) && statSync(path).isFile() ? path : join(DIST, 'bench', 'index.html');
  res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
  createReadStream(file).pipe(res);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${server.address().port}/bench/index.html`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
});

const loadAverage = () => loadavg().map((n) => n.toFixed(2)).join(' ');
console.log(`load average at start: ${loadAverage()}`);
const rows = [];
for (const nodes of SIZES) {
  const result = { bare: { loads: [] }, studio: { loads: [] } };
  const rounds = loadRounds(nodes);
  for (let round = 1; round <= rounds; round++) {
    for (const mode of MODES) {
      // Drag and pan are measured once per variant, on the first round's page.
      const { loadMs, drag, pan } = await measure(mode, nodes, round === 1);
      result[mode].loads.push(loadMs);
      if (round === 1) Object.assign(result[mode], { drag, pan });
    }
    console.log(`${nodes} nodes, round ${round}/${rounds}: load bare ${result.bare.loads.at(-1).toFixed(0)} ms, studio ${result.studio.loads.at(-1).toFixed(0)} ms`);
  }
  rows.push({ nodes, ...result });
}
await browser.close();
server.close();
console.log(`load average at end: ${loadAverage()}`);
printTable(rows);

/** One load in a fresh context (empty cache, own renderer), then, when asked, the drag and pan costs on that page. */
async function measure(mode, nodes, withPointer) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(`${base}?mode=${mode}&nodes=${nodes}`);
  await page.waitForFunction(() => window.benchReady !== undefined, null, { timeout: 300_000, polling: 50 });
  const loadMs = await page.evaluate(() => window.benchReady);
  const drag = withPointer ? await dragCost(page, `.react-flow__node[data-id="n${Math.floor(nodes / 2)}"]`) : undefined;
  const pan = withPointer ? await panCost(page) : undefined;
  await context.close();
  return { loadMs, drag, pan };
}

/** Mouse down on the target, then MOVES small moves; each costs until the next animation frame. */
async function dragCost(page, selector) {
  const box = await page.locator(selector).boundingBox();
  return pointerMoves(page, box.x + Math.min(20, box.width / 2), box.y + Math.min(8, box.height / 2));
}

/** Dragging the empty pane at the canvas' left edge (fitView leaves padding there). */
async function panCost(page) {
  return pointerMoves(page, 6, 400);
}

async function pointerMoves(page, x, y) {
  await page.mouse.move(x, y);
  await page.mouse.down();
  const costs = [];
  for (let i = 1; i <= MOVES; i++) {
    const start = performance.now();
    await page.mouse.move(x + i * 4, y + i * 2);
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve())));
    costs.push(performance.now() - start);
  }
  await page.mouse.up();
  costs.sort((a, b) => a - b);
  return { median: costs[Math.floor(costs.length / 2)], p95: costs[Math.min(costs.length - 1, Math.ceil(costs.length * 0.95) - 1)] };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function printTable(rows) {
  const f = (n) => n.toFixed(1).padStart(8);
  const r = (a, b) => (a / b).toFixed(2).padStart(6) + '×';
  // Median load and, in brackets, the lowest and highest of all rounds.
  const load = (loads) => `${f(median(loads))} (${Math.min(...loads).toFixed(0)}–${Math.max(...loads).toFixed(0)})`.padStart(22);
  console.log(
    '\nnodes | rounds | load ms median (min–max) (bare / studio / ratio of medians) | drag ms median, p95 (bare / studio / ratio of medians) | pan ms median, p95 (bare / studio / ratio)',
  );
  for (const { nodes, bare, studio } of rows) {
    console.log(
      [
        String(nodes).padStart(5),
        String(bare.loads.length).padStart(6),
        `${load(bare.loads)} ${load(studio.loads)} ${r(median(studio.loads), median(bare.loads))}`,
        `${f(bare.drag.median)},${f(bare.drag.p95)} ${f(studio.drag.median)},${f(studio.drag.p95)} ${r(studio.drag.median, bare.drag.median)}`,
        `${f(bare.pan.median)},${f(bare.pan.p95)} ${f(studio.pan.median)},${f(studio.pan.p95)} ${r(studio.pan.median, bare.pan.median)}`,
      ].join(' | '),
    );
  }
}
