// Starts the bench's own dev stack (tools/dev.sh: Stripe emulator + `wrangler dev`) on ports of its
// own, with a temp vars file and a fresh temp D1/DO state, and tears it down by process group.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export interface StackOptions {
  repoDir: string;
  port: number;
  emulatorPort: number;
  /** Where dev.sh's output goes (it logs every request). */
  logFile: string;
  secretKey: string;
  webhookSecret: string;
  readyTimeoutMs?: number;
}

export interface Stack {
  origin: string;
  emulatorUrl: string;
  webhookSecret: string;
  pgid: number;
  stop(): Promise<{ leftover: string[] }>;
}

async function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function healthy(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  }
}

/** Processes still in the stack's process group (`pgrep -g`), as "pid command" lines. */
export function processGroupMembers(pgid: number): string[] {
  const out = spawnSync('pgrep', ['-a', '-g', String(pgid)], { encoding: 'utf8' });
  return out.stdout.split('\n').filter((line) => line.trim() !== '');
}

export async function startStack(opts: StackOptions): Promise<Stack> {
  for (const port of [opts.port, opts.emulatorPort]) {
    if (await portOpen(port)) throw new Error(`port ${port} is already in use: is another bench or dev stack running?`);
  }
  const stateDir = mkdtempSync(join(tmpdir(), 'creditcast-bench-'));
  const persistTo = join(stateDir, 'state');
  mkdirSync(persistTo);
  const varsFile = join(stateDir, 'bench.dev.vars');
  const emulatorUrl = `http://127.0.0.1:${opts.emulatorPort}`;
  writeFileSync(
    varsFile,
    [
      `STRIPE_SECRET_KEY=${opts.secretKey}`,
      `STRIPE_WEBHOOK_SECRET=${opts.webhookSecret}`,
      `STRIPE_API_BASE=${emulatorUrl}`,
      '',
    ].join('\n'),
  );

  const log = openSync(opts.logFile, 'w');
  const child: ChildProcess = spawn('bash', ['tools/dev.sh'], {
    cwd: opts.repoDir,
    // Its own process group: the teardown signals the whole group (bash, tsx, wrangler, workerd).
    detached: true,
    stdio: ['ignore', log, log],
    env: {
      ...process.env,
      PORT: String(opts.port),
      EMULATOR_PORT: String(opts.emulatorPort),
      DEV_VARS_FILE: varsFile,
      PERSIST_TO: persistTo,
      SKIP_SITE_BUILD: '1',
      WRANGLER_SEND_METRICS: 'false',
      CLOUDFLARE_CF_FETCH_ENABLED: 'false',
      NO_COLOR: '1',
      FORCE_COLOR: '0',
    },
  });
  const pgid = child.pid!;
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });

  const origin = `http://127.0.0.1:${opts.port}`;
  let stopped: Promise<{ leftover: string[] }> | undefined;
  const stop = () => {
    stopped ??= (async () => {
      const signal = (sig: NodeJS.Signals) => {
        try {
          process.kill(-pgid, sig);
        } catch {
          // group already gone
        }
      };
      signal('SIGTERM');
      const deadline = Date.now() + 8000;
      while (Date.now() < deadline && processGroupMembers(pgid).length > 0) await sleep(100);
      if (processGroupMembers(pgid).length > 0) {
        signal('SIGKILL');
        await sleep(300);
      }
      const leftover = processGroupMembers(pgid);
      if (!(await portOpen(opts.port)) && !(await portOpen(opts.emulatorPort))) {
        rmSync(stateDir, { recursive: true, force: true });
      } else {
        leftover.push(`port ${opts.port} or ${opts.emulatorPort} still open`);
      }
      return { leftover };
    })();
    return stopped;
  };

  const deadline = Date.now() + (opts.readyTimeoutMs ?? 60_000);
  while (true) {
    if (exited) {
      await stop();
      throw new Error(`tools/dev.sh exited before the stack was ready; see ${opts.logFile}`);
    }
    if ((await healthy(`${origin}/api/health`)) && (await healthy(`${emulatorUrl}/_emulator/health`))) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the stack was not ready in time; see ${opts.logFile}`);
    }
    await sleep(250);
  }
  return { origin, emulatorUrl, webhookSecret: opts.webhookSecret, pgid, stop };
}
