#!/usr/bin/env node
// Runs a TypeScript entry point (benchmarks, tools) without a build step: .ts files are transpiled on require
// with @swc/core, the same transform the tests use (decorator metadata included). Workspace packages resolve to
// their built dist/ (run `tsc -b` first), so only the files under test/ and api/src are transpiled here.
const fs = require('node:fs');
const path = require('node:path');
const { transformSync } = require('@swc/core');

require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    sourceMaps: 'inline',
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};

const entry = process.argv[2];
if (!entry) {
  console.error('usage: node scripts/run-ts.js <file.ts> [args…]');
  process.exit(2);
}
process.argv.splice(1, 1);
require(path.resolve(entry));
