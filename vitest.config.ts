// Three test projects: `worker` runs inside workerd against real D1 and Durable Objects;
// `node` runs the Stripe emulator's and the site's pure-logic tests; `e2e` drives Chromium
// against the real dev stack (see e2e/README.md).
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';

export default defineConfig(async () => {
  const migrations = await readD1Migrations('migrations');
  return {
    test: {
      projects: [
        {
          plugins: [
            cloudflareTest(({ inject }) => ({
              wrangler: { configPath: './wrangler.toml' },
              miniflare: {
                bindings: {
                  TEST_MIGRATIONS: migrations,
                  STRIPE_SECRET_KEY: 'sk_test_creditcast_workerd_tests',
                  STRIPE_WEBHOOK_SECRET: 'whsec_creditcast_workerd_tests',
                  STRIPE_API_BASE: inject('emulatorUrl'),
                },
              },
            })),
          ],
          test: {
            name: 'worker',
            include: ['test/**/*.test.ts'],
            setupFiles: ['test/setup/apply-migrations.ts'],
            globalSetup: ['test/setup/start-emulator.ts'],
          },
        },
        {
          test: {
            name: 'node',
            environment: 'node',
            include: ['tools/**/*.test.ts', 'site/src/**/*.test.ts'],
          },
        },
      ],
    },
  };
});
