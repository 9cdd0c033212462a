// Runs once in Node before the workerd tests: starts the real Stripe emulator on a free port and
// provides its URL, which vitest.config.ts passes to the Worker as STRIPE_API_BASE.
import type { TestProject } from 'vitest/node';

export default async function startEmulator(project: TestProject) {
  // Filled in when tools/stripe-emulator lands.
  project.provide('emulatorUrl', 'http://127.0.0.1:9');
}

declare module 'vitest' {
  export interface ProvidedContext {
    emulatorUrl: string;
  }
}
