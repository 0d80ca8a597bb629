/* global window, requestAnimationFrame -- used inside page.evaluate / waitForFunction, which run in the browser */
// `npm run bench -w studio`: the studio's canvas against bare React Flow, in headless Chromium with
// software rendering (as on a server). Prints load time and per-pointer-move cost while dragging a
// node and while panning, for 100, 1,000 and 5,000 nodes, and the studio/bare ratios.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const DIST = fileURLToPath(new URL('./dist/', import.meta.url));
const SIZES = (process.env.BENCH_SIZES ?? '100,1000,5000').split(',').map(Number);
const MOVES = 30;
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

const rows = [];
for (const nodes of SIZES) {
  const result = {};
  for (const mode of ['bare', 'studio']) result[mode] = await measure(mode, nodes);
  rows.push({ nodes, ...result });
}
await browser.close();
server.close();
printTable(rows);

async function measure(mode, nodes) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(`${base}?mode=${mode}&nodes=${nodes}`);
  await page.waitForFunction(() => window.benchReady !== undefined, null, { timeout: 300_000, polling: 50 });
  const loadMs = await page.evaluate(() => window.benchReady);
  const drag = await dragCost(page, `.react-flow__node[data-id="n${Math.floor(nodes / 2)}"]`);
  const pan = await panCost(page);
  await page.close();
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

function printTable(rows) {
  const f = (n) => n.toFixed(1).padStart(8);
  const r = (a, b) => (a / b).toFixed(2).padStart(6) + '×';
  console.log('\nnodes | load ms (bare / studio / ratio) | drag ms median, p95 (bare / studio / ratio of medians) | pan ms median, p95 (bare / studio / ratio)');
  for (const { nodes, bare, studio } of rows) {
    console.log(
      [
        String(nodes).padStart(5),
        `${f(bare.loadMs)} ${f(studio.loadMs)} ${r(studio.loadMs, bare.loadMs)}`,
        `${f(bare.drag.median)},${f(bare.drag.p95)} ${f(studio.drag.median)},${f(studio.drag.p95)} ${r(studio.drag.median, bare.drag.median)}`,
        `${f(bare.pan.median)},${f(bare.pan.p95)} ${f(studio.pan.median)},${f(studio.pan.p95)} ${r(studio.pan.median, bare.pan.median)}`,
      ].join(' | '),
    );
  }
}
