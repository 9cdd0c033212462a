// vitest globalSetup for the browser tests (Node): starts a private copy of the whole dev stack
// (`bash tools/dev.sh`: the Stripe emulator and the render farm beside `wrangler dev`) on its own ports, with its own
// vars file and a fresh local D1/Durable Object state, and provides `appUrl` / `emulatorUrl`.
// It builds nothing itself (`npm test` builds the site first) unless site/dist is missing.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { startDevStack } from '../tools/dev-stack';
import type { DeliveryOptions } from '../tools/stripe-emulator/server';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Not the developer's `npm run dev` ports (8787 / 12111), so both stacks can run side by side. */
const DEFAULT_APP_PORT = 8788;
const DEFAULT_EMULATOR_PORT = 12112;
const DEFAULT_RENDER_FARM_PORT = 12122;
/** wrangler dev takes ~3 s alone, but 20 s and more on 2 busy cores (migrations, tsx, workerd). */
const READY_TIMEOUT_MS = 120_000;

/** Test-mode values of this stack only; the emulator and the Worker both read them from the vars file. */
export const E2E_STRIPE_SECRET_KEY = 'sk_test_creditcast_e2e';
export const E2E_STRIPE_WEBHOOK_SECRET = 'whsec_creditcast_e2e';

function canListen(port: number): Promise<boolean> {
  return new Promise((done) => {
    const server = createServer();
    server.once('error', () => done(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => done(true)));
  });
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen({ port: 0, host: '127.0.0.1' }, () => {
      const address = server.address();
      server.close(() => (address && typeof address === 'object' ? done(address.port) : fail(new Error('no port'))));
    });
  });
}

/** `preferred` when it is free, else any free port (`E2E_PORT` / `E2E_EMULATOR_PORT` override). */
async function pickPort(preferred: number, avoid: number[] = []): Promise<number> {
  if (!avoid.includes(preferred) && (await canListen(preferred))) return preferred;
  for (;;) {
    const port = await freePort();
    if (!avoid.includes(port)) return port;
  }
}

/**
 * Loads the site once (HTML, its scripts and styles, an API route) before any test, so the first
 * test's page load does not also pay for workerd's first requests (asset lookups, module start-up).
 */
async function warmUp(appUrl: string): Promise<void> {
  const html = await (await fetch(`${appUrl}/en/signup`)).text();
  const assets = [...html.matchAll(/(?:src|href)="(\/[^"]+)"/g)].map((match) => match[1]!);
  const urls = [...new Set(assets)].map((path) => `${appUrl}${path}`);
  for (const url of [...urls, `${appUrl}/api/packs`, `${appUrl}/api/health`]) {
    const response = await fetch(url);
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`[e2e] warm-up: ${url} answered ${response.status}`);
  }
}

export default async function setup(project: TestProject) {
  if (!existsSync(join(ROOT, 'site/dist/index.html'))) {
    console.log('[e2e] site/dist is missing: building the site once');
    const build = spawnSync(
      'node_modules/.bin/vite',
      ['build', '--config', 'site/vite.config.ts', '--logLevel', 'warn'],
      {
        cwd: ROOT,
        stdio: 'inherit',
      },
    );
    if (build.status !== 0) throw new Error('[e2e] vite build of the site failed');
  }

  const appPort = await pickPort(Number(process.env.E2E_PORT ?? DEFAULT_APP_PORT));
  const emulatorPort = await pickPort(Number(process.env.E2E_EMULATOR_PORT ?? DEFAULT_EMULATOR_PORT), [appPort]);
  const renderFarmPort = await pickPort(Number(process.env.E2E_RENDER_FARM_PORT ?? DEFAULT_RENDER_FARM_PORT), [
    appPort,
    emulatorPort,
  ]);
  const started = Date.now();
  const stack = await startDevStack({
    label: 'e2e',
    port: appPort,
    emulatorPort,
    renderFarmPort,
    secretKey: E2E_STRIPE_SECRET_KEY,
    webhookSecret: E2E_STRIPE_WEBHOOK_SECRET,
    keepState: process.env.E2E_KEEP_STATE === '1',
    readyTimeoutMs: READY_TIMEOUT_MS,
  });
  const { appUrl, emulatorUrl, renderFarmUrl } = stack;

  const teardown = async () => {
    const stopping = Date.now();
    const { leftover } = await stack.stop();
    console.log(`[e2e] dev stack stopped in ${((Date.now() - stopping) / 1000).toFixed(1)} s`);
    if (leftover.length > 0) console.warn(`[e2e] left over: ${leftover.join('; ')}`);
    if (process.env.E2E_KEEP_STATE === '1') console.log(`[e2e] kept ${dirname(stack.logFile)}`);
  };

  try {
    const config = (await (await fetch(`${emulatorUrl}/_emulator/config`)).json()) as EmulatorConfig;
    // The Worker must talk to this emulator, not a developer's one: the webhook goes to this app.
    if (config.webhookUrl !== `${appUrl}/api/v1/webhooks/stripe`) {
      throw new Error(`the emulator delivers to ${config.webhookUrl}, not to ${appUrl}`);
    }
    await warmUp(appUrl);
    project.provide('appUrl', appUrl);
    project.provide('emulatorUrl', emulatorUrl);
    project.provide('emulatorDefaults', config);
    project.provide('persistTo', stack.persistTo);
    project.provide('renderFarmUrl', renderFarmUrl);
    // Where this stack's email lands (tools/mail-catcher): e2e reads reset links and receipts there.
    project.provide('mailCatcherUrl', stack.mailCatcherUrl);
    // The key dev.sh made for the farm (this stack's own, test-only): node tests call the service API with it.
    const vars = readFileSync(join(stack.dir, 'stack.dev.vars'), 'utf8');
    project.provide('serviceApiKey', /^RENDER_FARM_API_KEY=(\S+)$/m.exec(vars)?.[1] ?? '');
    console.log(
      `[e2e] dev stack ready in ${((Date.now() - started) / 1000).toFixed(1)} s: app ${appUrl}, emulator ${emulatorUrl}, render farm ${renderFarmUrl}`,
    );
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}

/** GET /_emulator/config as the emulator started: what each test restores afterwards. */
export type EmulatorConfig = DeliveryOptions & { webhookUrl: string; asyncSettleMs: number };

declare module 'vitest' {
  export interface ProvidedContext {
    appUrl: string;
    mailCatcherUrl: string;
    emulatorUrl: string;
    emulatorDefaults: EmulatorConfig;
    /** The stack's PERSIST_TO, for the operator CLI (tools/cli) to act on this stack's D1. */
    persistTo: string;
    /** The render farm (tools/render-farm) of this stack: `GET /jobs/{id}` shows a job's state. */
    renderFarmUrl: string;
    /** A service API key of this stack (the render farm's). */
    serviceApiKey: string;
  }
}
