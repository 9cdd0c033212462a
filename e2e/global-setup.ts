// vitest globalSetup for the browser tests (Node): starts a private copy of the whole dev stack
// (`bash tools/dev.sh`: the Stripe emulator beside `wrangler dev`) on its own ports, with its own
// vars file and a fresh local D1/Durable Object state, and provides `appUrl` / `emulatorUrl`.
// It builds nothing itself (`npm test` builds the site first) unless site/dist is missing.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, closeSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Not the developer's `npm run dev` ports (8787 / 12111), so both stacks can run side by side. */
const DEFAULT_APP_PORT = 8788;
const DEFAULT_EMULATOR_PORT = 12112;
const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 10_000;

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

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  }
}

/** True while any process of the group `pgid` is alive. */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Waits for `promise` at most `ms`; clears its timer either way (a pending one would hold the process open). */
async function waitAtMost(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([promise, new Promise((done) => (timer = setTimeout(done, ms)))]);
  clearTimeout(timer);
}

/** SIGTERM to the whole group (dev.sh traps it and stops its children), then SIGKILL whatever is left. */
async function stopGroup(child: ChildProcess): Promise<void> {
  const pgid = child.pid;
  if (pgid === undefined) return;
  const exited = child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise<void>((done) => child.once('exit', () => done()));
  try {
    process.kill(-pgid, 'SIGTERM');
  } catch {
    return; // already gone
  }
  const deadline = Date.now() + STOP_TIMEOUT_MS;
  await waitAtMost(exited, STOP_TIMEOUT_MS);
  // dev.sh has exited; workerd (wrangler's child) may still be winding down in the same group.
  while (groupAlive(pgid) && Date.now() < deadline) await sleep(100);
  if (groupAlive(pgid)) {
    console.warn(`[e2e] dev stack (process group ${pgid}) ignored SIGTERM for ${STOP_TIMEOUT_MS / 1000} s: SIGKILL`);
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      /* gone in between */
    }
    // Bounded: a zombie nobody reaps (a container without an init) would count as alive forever.
    const killDeadline = Date.now() + 5_000;
    while (groupAlive(pgid) && Date.now() < killDeadline) await sleep(50);
    if (groupAlive(pgid)) console.warn(`[e2e] process group ${pgid} still listed after SIGKILL (zombies?)`);
  }
}

function tail(file: string, lines = 80): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

export default async function setup(project: TestProject) {
  if (!existsSync(join(ROOT, 'site/dist/index.html'))) {
    console.log('[e2e] site/dist is missing: building the site once');
    const build = spawnSync('node_modules/.bin/vite', ['build', '--config', 'site/vite.config.ts', '--logLevel', 'warn'], {
      cwd: ROOT,
      stdio: 'inherit',
    });
    if (build.status !== 0) throw new Error('[e2e] vite build of the site failed');
  }

  const appPort = await pickPort(Number(process.env.E2E_PORT ?? DEFAULT_APP_PORT));
  const emulatorPort = await pickPort(Number(process.env.E2E_EMULATOR_PORT ?? DEFAULT_EMULATOR_PORT), [appPort]);
  const appUrl = `http://127.0.0.1:${appPort}`;
  const emulatorUrl = `http://127.0.0.1:${emulatorPort}`;

  const dir = mkdtempSync(join(tmpdir(), 'creditcast-e2e-'));
  const varsFile = join(dir, 'e2e.dev.vars');
  const logFile = join(dir, 'dev.log');
  writeFileSync(
    varsFile,
    [
      `STRIPE_SECRET_KEY=${E2E_STRIPE_SECRET_KEY}`,
      `STRIPE_WEBHOOK_SECRET=${E2E_STRIPE_WEBHOOK_SECRET}`,
      `STRIPE_API_BASE=${emulatorUrl}`,
      '',
    ].join('\n'),
  );

  const log = openSync(logFile, 'a');
  // detached: dev.sh leads a new process group holding the emulator, wrangler and workerd.
  const child = spawn('bash', ['tools/dev.sh'], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', log, log],
    env: {
      ...process.env,
      DEV_VARS_FILE: varsFile,
      PORT: String(appPort),
      EMULATOR_PORT: String(emulatorPort),
      PERSIST_TO: join(dir, 'state'),
      SKIP_SITE_BUILD: '1',
    },
  });
  closeSync(log);
  let exitedEarly: string | undefined;
  child.once('exit', (code, signal) => {
    exitedEarly = `dev.sh exited (${signal ?? `code ${code}`})`;
  });

  const teardown = async () => {
    const stopping = Date.now();
    await stopGroup(child);
    console.log(`[e2e] dev stack stopped in ${((Date.now() - stopping) / 1000).toFixed(1)} s`);
    if (process.env.E2E_KEEP_STATE === '1') console.log(`[e2e] kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  };

  const started = Date.now();
  try {
    for (;;) {
      if (exitedEarly) throw new Error(exitedEarly);
      const [app, emulator] = await Promise.all([answers(`${appUrl}/api/health`), answers(`${emulatorUrl}/_emulator/health`)]);
      if (app && emulator) break;
      if (Date.now() - started > READY_TIMEOUT_MS) throw new Error(`not ready after ${READY_TIMEOUT_MS / 1000} s`);
      await sleep(250);
    }
    const config = (await (await fetch(`${emulatorUrl}/_emulator/config`)).json()) as EmulatorConfig;
    // The Worker must talk to this emulator, not a developer's one: the webhook goes to this app.
    if (config.webhookUrl !== `${appUrl}/api/v1/webhooks/stripe`) {
      throw new Error(`the emulator delivers to ${config.webhookUrl}, not to ${appUrl}`);
    }
    project.provide('appUrl', appUrl);
    project.provide('emulatorUrl', emulatorUrl);
    project.provide('emulatorDefaults', config);
    console.log(`[e2e] dev stack ready in ${((Date.now() - started) / 1000).toFixed(1)} s: app ${appUrl}, emulator ${emulatorUrl}`);
  } catch (error) {
    console.error(`[e2e] the dev stack did not start: ${error instanceof Error ? error.message : String(error)}\n--- ${logFile} ---\n${tail(logFile)}`);
    await teardown();
    throw error;
  }
  return teardown;
}

/** GET /_emulator/config as the emulator started: what each test restores afterwards. */
export interface EmulatorConfig {
  webhookUrl: string;
  asyncSettleMs: number;
  delayMs: number;
  duplicates: number;
  shuffle: boolean;
  dropRate: number;
  retryBaseMs: number;
  maxAttempts: number;
}

declare module 'vitest' {
  export interface ProvidedContext {
    appUrl: string;
    emulatorUrl: string;
    emulatorDefaults: EmulatorConfig;
  }
}
