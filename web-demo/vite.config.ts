import { defineConfig } from 'vite';

// `npm run dev` proxies the APIs to a hubd on :8080 (HUBD_URL to change it).
const hubd = process.env.HUBD_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  // The dev server pre-bundles dependencies where sse-hub's `new URL('./ssehub.wasm',
  // import.meta.url)` does not resolve; production builds need nothing.
  optimizeDeps: { exclude: ['sse-hub'] },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022' },
  server: {
    proxy: {
      '/api': { target: hubd, changeOrigin: false },
      '/healthz': hubd,
      '/metrics': hubd,
    },
  },
});
