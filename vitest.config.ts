// Three test projects: `worker` runs inside workerd against real D1 and Durable Objects;
// `node` runs the Stripe emulator's, the site's pure-logic and packages/client's tests; `e2e` drives Chromium
// against the real dev stack (see e2e/README.md).
import { fileURLToPath } from 'node:url';
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';
import { TEST_STRIPE_SECRET_KEY, TEST_STRIPE_WEBHOOK_SECRET } from './test/setup/start-emulator';
import { stripeWithoutSourceMaps } from './tools/vite-stripe-source-maps';

/** wrangler.toml's [alias] for `stripe` (worker/stripe/resources.ts says why). */
const SLIM_STRIPE = './worker/stripe/vendor/stripe.slim.js';

export default defineConfig(async () => {
  const migrations = await readD1Migrations('migrations');
  return {
    test: {
      projects: [
        {
          plugins: [
            stripeWithoutSourceMaps,
            cloudflareTest(({ inject }) => ({
              wrangler: { configPath: './wrangler.toml' },
              miniflare: {
                // A second, empty database: test/ledger/migration.test.ts migrates old data in it.
                d1Databases: ['MIGRATION_DB'],
                bindings: {
                  TEST_MIGRATIONS: migrations,
                  STRIPE_SECRET_KEY: TEST_STRIPE_SECRET_KEY,
                  STRIPE_WEBHOOK_SECRET: TEST_STRIPE_WEBHOOK_SECRET,
                  STRIPE_API_BASE: inject('emulatorUrl'),
                  // test/helpers.ts's ORIGIN: the origin tests call the Worker on.
                  APP_ORIGIN: 'http://127.0.0.1:8787',
                  // A stub that accepts jobs; the Studio tests play the farm's part themselves.
                  RENDER_FARM_URL: inject('farmUrl'),
                  // Webhooks out: deliver to the local receiver (test/setup/start-webhook-receiver.ts), retry in ~1 s.
                  WEBHOOKS_ALLOW_PRIVATE: 'true',
                  WEBHOOK_RETRY_BASE_SECONDS: '1',
                  // Email goes to the local mail catcher (test/setup/start-mail-catcher.ts), which takes any key.
                  MAIL_API_KEY: 're_test_mail_catcher',
                  MAIL_FROM: 'Creditcast <no-reply@creditcast.example>',
                  MAIL_API_BASE: inject('mailCatcherUrl'),
                },
              },
            })),
          ],
          // The pool does not read wrangler.toml's [alias]: the Worker's slim Stripe SDK is mapped
          // here too, so the tests run the build the Worker ships (test/stripe/slim-sdk.test.ts).
          resolve: { alias: [{ find: /^stripe$/, replacement: fileURLToPath(new URL(SLIM_STRIPE, import.meta.url)) }] },
          test: {
            name: 'worker',
            include: ['test/**/*.test.ts'],
            // Static checks of the sources (no Worker to run): the node project's.
            exclude: ['test/architecture/**'],
            setupFiles: ['test/setup/apply-migrations.ts', 'test/setup/check-invariants.ts'],
            globalSetup: [
              'test/setup/start-emulator.ts',
              'test/setup/start-farm-stub.ts',
              'test/setup/start-webhook-receiver.ts',
              'test/setup/start-mail-catcher.ts',
            ],
          },
        },
        {
          test: {
            name: 'e2e',
            environment: 'node',
            include: ['e2e/**/*.test.ts'],
            globalSetup: ['e2e/global-setup.ts'],
            // Several 20-30 s waits (e2e/browser.ts) fit in one test; `npm test` runs this project
            // alone, after the workerd suites (tools/test.sh), so these are never spent on contention.
            testTimeout: 120_000,
            hookTimeout: 120_000,
            // expect.poll's own default (1 s) is shorter than a loaded CI machine takes to wake a
            // hibernated room and answer a socket's close; a poll still ends the moment it holds.
            expect: { poll: { timeout: 10_000, interval: 50 } },
            fileParallelism: false,
          },
        },
        {
          test: {
            name: 'node',
            environment: 'node',
            include: [
              'tools/**/*.test.ts',
              'site/src/**/*.test.ts',
              'packages/*/**/*.test.ts',
              'test/architecture/**/*.test.ts',
              'examples/**/*.test.ts',
              'bench/phases/*.test.ts',
            ],
          },
        },
      ],
    },
  };
});
