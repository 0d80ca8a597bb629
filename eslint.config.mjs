// ESLint flat config: typescript-eslint's recommended rules plus the architecture's import boundaries.
import js from '@eslint/js';
import importX from 'eslint-plugin-import-x';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const studioFeatures = ['auth', 'workspaces', 'members', 'flows-list', 'editor', 'inbox'];

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '.data/**', 'coverage/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-eval': 'error',
      'no-new-func': 'error',
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The engine is pure: no other workspace package, no Node I/O, no network, no env.
    files: ['runtime/src/**/*.ts'],
    ignores: ['runtime/src/bench/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@parley/*', '../../api/*', '../../studio/*'], message: 'runtime imports no other Parley package.' },
            { group: ['node:*', 'fs', 'http', 'https', 'net', 'child_process', 'pg', 'typeorm', 'axios', 'undici'], message: 'runtime does no I/O.' },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'runtime reads no env: pass it in the context.' },
        { name: 'fetch', message: 'runtime does no I/O: emit a call-http effect.' },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'use context.random (seeded).' },
        { object: 'Date', property: 'now', message: 'use context.now.' },
      ],
    },
  },
  {
    // Studio features do not import each other; shared pieces live in ui/ and api-client/.
    files: ['studio/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver-next': [importX.createNodeResolver({ extensions: ['.ts', '.tsx', '.js'] })] },
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: studioFeatures.map((feature) => ({
            target: `./studio/src/${feature}`,
            from: studioFeatures.filter((f) => f !== feature).map((f) => `./studio/src/${f}`),
            message: 'studio features do not import each other: move the shared piece to ui/ or api-client/.',
          })),
        },
      ],
    },
  },
);
