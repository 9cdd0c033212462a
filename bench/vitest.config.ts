// Row 4 of `npm run bench`: Stripe signature verification timed inside workerd, on the Worker's own
// path (verifyStripeEvent). Run by bench/run.ts as
// `vitest run --config bench/vitest.config.ts`; not part of `npm test` (the root config does not
// include bench/).

import { fileURLToPath } from 'node:url';
import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';
import { stripeWithoutSourceMaps } from '../tools/vite-stripe-source-maps';

const benchDir = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: benchDir,
  // Keep Vite's and vitest's caches out of the tree (bench/.out is git-ignored).
  cacheDir: fileURLToPath(new URL('./.out/vite', import.meta.url)),
  plugins: [
    stripeWithoutSourceMaps,
    // The Worker's wrangler.toml (its `main` and `[assets]` need site/dist to exist).
    cloudflareTest({ wrangler: { configPath: fileURLToPath(new URL('../wrangler.toml', import.meta.url)) } }),
  ],
  test: {
    name: 'bench-verify',
    // .mts: workerd code, kept out of tools/tsconfig.json's Node-typed `bench/**/*.ts`.
    include: ['workerd/verify.bench.test.mts'],
    globalSetup: ['workerd/clock-server.ts'],
    testTimeout: 60_000,
  },
});
