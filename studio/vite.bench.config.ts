import { fileURLToPath } from 'node:url';
import { defineConfig, mergeConfig } from 'vite';
import base from './vite.config.ts';

// Builds only the benchmark page (bench/index.html) into bench/dist; the product build is untouched.
export default mergeConfig(
  base,
  defineConfig({
    build: {
      outDir: 'bench/dist',
      emptyOutDir: true,
      sourcemap: false,
      rollupOptions: { input: fileURLToPath(new URL('./bench/index.html', import.meta.url)) },
    },
  }),
);
