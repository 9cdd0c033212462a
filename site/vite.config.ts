// Build and dev-server config for the Creditcast site (Solid SPA served by the Worker as static assets).
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import solid from 'vite-plugin-solid';
import { bundle } from '../packages/client/build';
import { openapiDocument } from '../tools/openapi/asset';

/**
 * Writes @creditcast/client (the same bundle `npm run build:client` makes) to dist/embed/creditcast.js,
 * which the Worker serves to apps' pages at /embed/creditcast.js (worker/routes/embed-script.ts).
 */
const embedClient: Plugin = {
  name: 'creditcast-embed-client',
  apply: 'build',
  async generateBundle() {
    this.emitFile({ type: 'asset', fileName: 'embed/creditcast.js', source: await bundle() });
  },
};

// Resolve everything from this file, not the cwd: `npm run build:site` runs from the repo root.
const siteDir = fileURLToPath(new URL('.', import.meta.url));
const repoDir = fileURLToPath(new URL('..', import.meta.url));

export default defineConfig({
  root: siteDir,
  plugins: [solid(), embedClient, openapiDocument],
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // The modulepreload polyfill ships on every page for the few es2022 browsers without <link rel="modulepreload">
    // (Firefox < 115), which only lose the preload hint: the imports still load.
    modulePreload: { polyfill: false },
    rolldownOptions: {
      output: {
        codeSplitting: {
          // Everything the entry imports statically runs on every page before any route renders, so it is
          // one chunk: left to itself Rolldown cuts it into five (solid, router, api, live balance, shell),
          // each with its own import/export glue and gzip dictionary (~2.4 KiB gzip more per page).
          groups: [{ name: 'shell', tags: ['$initial'] }],
        },
      },
    },
  },
  server: {
    // The site imports the live protocol from worker/live, outside this root.
    fs: { allow: [repoDir] },
    proxy: {
      // `wrangler dev` serves the API (and the balance WebSocket) on 8787.
      '/api': { target: 'http://127.0.0.1:8787', ws: true, changeOrigin: false },
    },
  },
});
