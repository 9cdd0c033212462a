// Runs once in Node before the workerd tests: starts the real Stripe emulator on a free port and
// provides its URL, which vitest.config.ts hands the Worker as STRIPE_API_BASE. The Worker's
// stripe SDK then talks to it over HTTP exactly as it would to Stripe.
import type { TestProject } from 'vitest/node';
import { startEmulator } from '../../tools/stripe-emulator/server';

/** Test-mode values shared with vitest.config.ts's bindings. */
export const TEST_STRIPE_SECRET_KEY = 'sk_test_creditcast_workerd_tests';
export const TEST_STRIPE_WEBHOOK_SECRET = 'whsec_creditcast_workerd_tests';

export default async function setup(project: TestProject) {
  const emulator = await startEmulator({
    port: 0,
    secretKey: TEST_STRIPE_SECRET_KEY,
    webhookSecret: TEST_STRIPE_WEBHOOK_SECRET,
    // workerd tests reach the Worker in-process (SELF), not over HTTP: events are recorded, and
    // the tests deliver signed events themselves.
    webhookUrl: '',
    log: () => {},
  });
  project.provide('emulatorUrl', emulator.url);
  return () => emulator.close();
}

declare module 'vitest' {
  export interface ProvidedContext {
    emulatorUrl: string;
  }
}
