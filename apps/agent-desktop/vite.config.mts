import { resolve } from 'node:path';
import { defineConfig } from 'vite';

/** In development (`npm run dev:web`) the server runs on :3000 and Vite proxies everything it serves. */
const server = process.env.PAGEDESK_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  // The one contract shared with the server; the desktop imports nothing else outside its folder.
  resolve: {
    alias: { '@pagedesk/contracts': resolve(import.meta.dirname, '../../libs/contracts/src') },
  },
  build: {
    outDir: resolve(import.meta.dirname, 'dist'),
    emptyOutDir: true,
    rollupOptions: {
      input: {
        main: resolve(import.meta.dirname, 'index.html'),
        simulator: resolve(import.meta.dirname, 'simulator.html'),
      },
    },
  },
  server: {
    proxy: {
      '/api': server,
      '/socket.io': { target: server, ws: true },
      '/simulator/api': server,
      '/simulator/avatar': server,
    },
  },
});
