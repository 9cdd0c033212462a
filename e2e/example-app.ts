// Starts VideoApp (examples/video-app) for the browser tests, beside the e2e's private dev stack: a
// free port (its own origin), an API key in that stack's D1 naming that origin (the real keys CLI,
// as `npm run example` makes one), its own users file in a temp dir, stopped with its process group.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../tools/dev-stack';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const READY_TIMEOUT_MS = 30_000;

export interface ExampleApp {
  /** VideoApp's origin, e.g. http://127.0.0.1:41234: not Creditcast's. */
  url: string;
  /** Its service API key (cck_…), with `url` as its one origin. */
  apiKey: string;
  /** A user of VideoApp's own table, by the name they signed in with. */
  user(name: string): { id: string; creditcastUserId: string | null; checkoutSessions: string[] };
  stop(): Promise<void>;
}

/** A key named for this app's port in the stack's D1, through tools/cli/keys.ts (PERSIST_TO: that stack's). */
function createKey(persistTo: string, origin: string, port: number): string {
  const run = spawnSync(
    'node_modules/.bin/tsx',
    ['tools/cli/keys.ts', 'create', `example-app-${port}`, '--origin', origin],
    { cwd: ROOT, encoding: 'utf8', env: { ...process.env, PERSIST_TO: persistTo } },
  );
  const secret = /cck_\S+/.exec(run.stdout)?.[0];
  if (run.status !== 0 || !secret) throw new Error(`[e2e] keys create failed: ${run.stdout}${run.stderr}`);
  return secret;
}

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(2_000) })).ok;
  } catch {
    return false;
  }
}

export async function startExampleApp(opts: { creditcastUrl: string; persistTo: string }): Promise<ExampleApp> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const apiKey = createKey(opts.persistTo, url, port);
  const dir = mkdtempSync(join(tmpdir(), 'creditcast-video-app-'));
  const usersFile = join(dir, 'users.json');
  let output = '';
  const child: ChildProcess = spawn('node_modules/.bin/tsx', ['examples/video-app/main.ts'], {
    cwd: ROOT,
    detached: true, // its own process group: tsx and the node it starts stop together
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      VIDEO_APP_PORT: String(port),
      CREDITCAST_URL: opts.creditcastUrl,
      CREDITCAST_API_KEY: apiKey,
      VIDEO_APP_USERS_FILE: usersFile,
    },
  });
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));

  const stop = async () => {
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      /* already gone */
    }
    await Promise.race([exited, new Promise((done) => setTimeout(done, 5_000))]);
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      /* stopped by SIGTERM, as it should */
    }
    rmSync(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (!(await answers(`${url}/`))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`[e2e] VideoApp did not start on ${url}:\n${output}`);
    }
    await new Promise((done) => setTimeout(done, 100)); // polling a starting process's port, not synchronising a test
  }
  return {
    url,
    apiKey,
    user(name) {
      const users = JSON.parse(readFileSync(usersFile, 'utf8')) as (ReturnType<ExampleApp['user']> & {
        name: string;
      })[];
      const found = users.find((u) => u.name === name);
      if (!found) throw new Error(`[e2e] VideoApp has no user named ${name}`);
      return found;
    },
    stop,
  };
}
