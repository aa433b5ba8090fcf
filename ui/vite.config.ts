/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The dev server proxies REST to a running edge-api; the WebSocket goes straight to live-push (see README).
const edgeApi = process.env.STREAMER_EDGE_API ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [react()],
  server: {
    port: 5173,
    proxy: {
      '/api': edgeApi,
      '/q': edgeApi,
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1000,
  },
  test: {
    environment: 'jsdom',
    setupFiles: ['./src/test/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    css: false,
    // The machine is shared and often loaded: generous per-test time, the tests themselves are quick.
    testTimeout: 20_000,
  },
});
