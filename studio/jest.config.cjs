// Unit specs of the studio's pure parts (document edits, canvas projection, store, schema helpers).
// Run alone with `npx jest -c studio/jest.config.cjs`; the root config's unit project can list
// `<rootDir>/studio/src` among its roots to run them with `npm test`.
const path = require('node:path');

module.exports = {
  rootDir: path.join(__dirname, '..'),
  roots: ['<rootDir>/studio/src'],
  testMatch: ['**/*.spec.ts'],
  testEnvironment: 'node',
  moduleNameMapper: {
    '^@parley/runtime$': '<rootDir>/runtime/src/index.ts',
    '^@parley/runtime/(.*)$': '<rootDir>/runtime/src/$1',
  },
  transform: {
    '^.+\\.tsx?$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript', tsx: true }, target: 'es2022' }, module: { type: 'commonjs' } }],
  },
};
