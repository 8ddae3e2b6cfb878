import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [vue()],
  // The dev server's pre-bundling would move sse-hub away from its ssehub.wasm.
  optimizeDeps: { exclude: ['sse-hub'] },
});
