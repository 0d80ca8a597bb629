import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The studio is served by the API at `/`, with the API itself under `/api` on the same origin.
export default defineConfig({
  plugins: [react()],
  resolve: {
    alias: [
      { find: /^@parley\/runtime$/, replacement: fileURLToPath(new URL('../runtime/src/index.ts', import.meta.url)) },
      { find: /^@parley\/runtime\/(.*)$/, replacement: `${fileURLToPath(new URL('../runtime/src/', import.meta.url))}$1` },
    ],
  },
  server: {
    port: 5173,
    proxy: { '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false } },
  },
  preview: {
    proxy: { '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false } },
  },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
});
