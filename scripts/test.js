#!/usr/bin/env node
// `npm test`: builds what the process and browser tests run (API dist, studio dist), then every jest tier
// (unit, e2e on a real PostgreSQL, browser in Chromium). Extra arguments go to jest, e.g.
// `npm test -- --selectProjects unit`. A JSON report is written to .jest-results.json for CI's summary line.
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const run = (cmd, args) => {
  const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
};

const jestArgs = process.argv.slice(2);
const onlyUnit = jestArgs.join(' ').includes('--selectProjects unit');
if (!onlyUnit) run('npm', ['run', 'build']);
// --forceExit: a handle some test leaks (a socket, a timer) must not keep jest running after its results are written.
run(process.execPath, [require.resolve('jest/bin/jest'), '--json', '--outputFile=.jest-results.json', '--forceExit', ...jestArgs]);
