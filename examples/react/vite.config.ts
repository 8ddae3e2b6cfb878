import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [react()],
  // The dev server's pre-bundling would move sse-hub away from its ssehub.wasm.
  optimizeDeps: { exclude: ['sse-hub'] },
});
