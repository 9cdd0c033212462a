// A private copy of the dev stack for harnesses (e2e, bench): `tools/dev.sh` (the Stripe emulator
// and the render farm beside `wrangler dev`) on ports of its own, with its own vars file and a fresh local D1/Durable
// Object state, started in its own process group and torn down through it (gracefully, or killed
// outright to test what a crash leaves). The emulator keeps its state file in the same directory.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const STOP_TIMEOUT_MS = 10_000;

export interface DevStackOptions {
  port: number;
  emulatorPort: number;
  /** The render farm's port; default: a free one. Its API key is made by dev.sh in this stack's D1. */
  renderFarmPort?: number;
  /** The mail catcher's port (where this stack's email lands); default: a free one. */
  mailCatcherPort?: number;
  /** Test-mode keys of this stack only; the emulator and the Worker both read them. */
  secretKey: string;
  webhookSecret: string;
  /** Names the temp dir (`creditcast-<label>-…`). */
  label: string;
  /** Where dev.sh's output goes; default: dev.log in the temp dir. */
  logFile?: string;
  /** Keep the temp dir (state, vars, log) after stopping. */
  keepState?: boolean;
  /**
   * Use this directory (state, vars, log) instead of a fresh temp dir, and keep it: a stack started
   * again on it finds the first one's D1, Durable Objects and emulator state, as a restarted
   * `npm run dev` does.
   */
  stateDir?: string;
  readyTimeoutMs?: number;
  /** More environment for dev.sh and its children (e.g. `EMULATOR_MAX_ATTEMPTS`). */
  env?: Record<string, string>;
  /** More Worker variables in the vars file (e.g. `WEBHOOK_DISABLE_AFTER_SECONDS`); they win over the defaults. */
  vars?: Record<string, string>;
}

export interface DevStack {
  appUrl: string;
  emulatorUrl: string;
  renderFarmUrl: string;
  /** The mail catcher: `GET {mailCatcherUrl}/api/messages?to=…` reads what the Worker sent. */
  mailCatcherUrl: string;
  logFile: string;
  /** The directory holding `state/` (wrangler's and the emulator's), the vars file and the log. */
  dir: string;
  /** The stack's local D1 and Durable Object state: PERSIST_TO for tools/cli (e.g. `admin grant`). */
  persistTo: string;
  pgid: number;
  /** Stops the whole group; `leftover` lists anything still alive or listening afterwards. */
  stop(): Promise<{ leftover: string[] }>;
  /** SIGKILLs the whole group at once (a crash: nothing gets to save or finish), then waits for the ports to close. */
  kill(): Promise<{ leftover: string[] }>;
}

export function portOpen(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
}

async function answers(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  }
}

/** Processes still in the group (`pgrep -g`), as "pid command" lines. */
export function processGroupMembers(pgid: number): string[] {
  const out = spawnSync('pgrep', ['-a', '-g', String(pgid)], { encoding: 'utf8' });
  return out.stdout.split('\n').filter((line) => line.trim() !== '');
}

function tail(file: string, lines = 80): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** A port nothing listens on now (the kernel's pick). */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen({ port: 0, host: '127.0.0.1' }, () => {
      const address = server.address();
      server.close(() => (address && typeof address === 'object' ? done(address.port) : fail(new Error('no port'))));
    });
  });
}

export async function startDevStack(opts: DevStackOptions): Promise<DevStack> {
  const farmPort = opts.renderFarmPort ?? (await freePort());
  const mailPort = opts.mailCatcherPort ?? (await freePort());
  const ports = [opts.port, opts.emulatorPort, farmPort, mailPort];
  for (const port of ports) {
    if (await portOpen(port)) throw new Error(`port ${port} is already in use: is another stack running?`);
  }
  const dir = opts.stateDir ?? mkdtempSync(join(tmpdir(), `creditcast-${opts.label}-`));
  const keepState = opts.keepState || opts.stateDir !== undefined;
  const persistTo = join(dir, 'state');
  mkdirSync(persistTo, { recursive: true });
  const varsFile = join(dir, 'stack.dev.vars');
  const logFile = opts.logFile ?? join(dir, 'dev.log');
  const appUrl = `http://127.0.0.1:${opts.port}`;
  const emulatorUrl = `http://127.0.0.1:${opts.emulatorPort}`;
  const renderFarmUrl = `http://127.0.0.1:${farmPort}`;
  const mailCatcherUrl = `http://127.0.0.1:${mailPort}`;
  writeFileSync(
    varsFile,
    [
      `STRIPE_SECRET_KEY=${opts.secretKey}`,
      `STRIPE_WEBHOOK_SECRET=${opts.webhookSecret}`,
      `STRIPE_API_BASE=${emulatorUrl}`,
      `APP_ORIGIN=${appUrl}`,
      // dev.sh adds RENDER_FARM_API_KEY (a key it makes in this stack's D1) on start.
      `RENDER_FARM_URL=${renderFarmUrl}`,
      // The catcher takes any key; the sender is quoted because dev.sh sources this file.
      'MAIL_API_KEY=re_local_mail_catcher',
      'MAIL_FROM="Creditcast <no-reply@creditcast.example>"',
      `MAIL_API_BASE=${mailCatcherUrl}`,
      // Webhooks out as `npm run dev` has them (.dev.vars.example): local receivers, quick retries.
      ...Object.entries({ WEBHOOKS_ALLOW_PRIVATE: 'true', WEBHOOK_RETRY_BASE_SECONDS: '1', ...opts.vars }).map(
        ([name, value]) => `${name}=${value}`,
      ),
      '',
    ].join('\n'),
  );

  const log = openSync(logFile, 'a'); // a restarted stack adds to the same log
  // detached: dev.sh leads a new process group holding the emulator, wrangler and workerd.
  const child = spawn('bash', ['tools/dev.sh'], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', log, log],
    env: {
      ...process.env,
      PORT: String(opts.port),
      EMULATOR_PORT: String(opts.emulatorPort),
      RENDER_FARM_PORT: String(farmPort),
      MAIL_CATCHER_PORT: String(mailPort),
      MAIL_CATCHER_STATE_FILE: join(persistTo, 'mail-catcher.json'),
      DEV_VARS_FILE: varsFile,
      PERSIST_TO: persistTo,
      EMULATOR_STATE_FILE: join(persistTo, 'stripe-emulator.json'),
      SKIP_SITE_BUILD: '1',
      WRANGLER_SEND_METRICS: 'false',
      CLOUDFLARE_CF_FETCH_ENABLED: 'false',
      NO_COLOR: '1',
      FORCE_COLOR: '0',
      ...opts.env,
    },
  });
  closeSync(log);
  const pgid = child.pid!;
  let exitedEarly: string | undefined;
  child.once('exit', (code, signal) => {
    exitedEarly = `tools/dev.sh exited (${signal ?? `code ${code}`})`;
  });

  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(-pgid, sig);
    } catch {
      // the group is already gone
    }
  };
  const settle = async (): Promise<{ leftover: string[] }> => {
    const leftover = processGroupMembers(pgid);
    const deadline = Date.now() + STOP_TIMEOUT_MS;
    for (const port of ports) {
      while ((await portOpen(port)) && Date.now() < deadline) await sleep(100);
      if (await portOpen(port)) leftover.push(`port ${port} still open`);
    }
    if (!keepState && leftover.length === 0) rmSync(dir, { recursive: true, force: true });
    return { leftover };
  };
  let stopping: Promise<{ leftover: string[] }> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      // dev.sh traps TERM and stops its children; SIGKILL only what ignores it.
      signal('SIGTERM');
      const deadline = Date.now() + STOP_TIMEOUT_MS;
      while (Date.now() < deadline && processGroupMembers(pgid).length > 0) await sleep(100);
      if (processGroupMembers(pgid).length > 0) {
        signal('SIGKILL');
        await sleep(300);
      }
      return settle();
    })());
  const kill = () =>
    (stopping ??= (async () => {
      signal('SIGKILL');
      const deadline = Date.now() + STOP_TIMEOUT_MS;
      while (Date.now() < deadline && processGroupMembers(pgid).length > 0) await sleep(50);
      return settle();
    })());

  const started = Date.now();
  const readyTimeoutMs = opts.readyTimeoutMs ?? 60_000;
  for (;;) {
    const problem =
      exitedEarly ?? (Date.now() - started > readyTimeoutMs ? `not ready after ${readyTimeoutMs / 1000} s` : undefined);
    if (problem) {
      await stop();
      throw new Error(`the dev stack did not start: ${problem}\n--- ${logFile} ---\n${tail(logFile)}`);
    }
    const [app, emulator, farm, mail] = await Promise.all([
      answers(`${appUrl}/api/health`),
      answers(`${emulatorUrl}/_emulator/health`),
      answers(`${renderFarmUrl}/health`),
      answers(`${mailCatcherUrl}/api/messages?to=ready@example.com`),
    ]);
    if (app && emulator && farm && mail) break;
    await sleep(250);
  }
  return { appUrl, emulatorUrl, renderFarmUrl, mailCatcherUrl, logFile, dir, persistTo, pgid, stop, kill };
}
