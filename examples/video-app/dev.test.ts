// `npm run example` (dev.ts) with the key in the environment: CREDITCAST_API_KEY skips the probe and
// the key making, and is the key VideoApp then calls Creditcast with; with the webhook secret too it
// asks Creditcast nothing before starting; without the secret it registers the endpoint with that key.
// dev.ts runs as `npm run example` runs it (tsx, its own process) against a stand-in that records calls.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { listen, standInCreditcast } from './test-support';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Answers the calls dev.ts and a sign-in make; anything else (the key probe included) is recorded and 404. */
const { server: creditcast, seen } = standInCreditcast((req, answer) => {
  if (req.path === '/api/v1/webhook-endpoints' && req.method === 'GET') return answer(200, { endpoints: [] });
  if (req.path === '/api/v1/webhook-endpoints' && req.method === 'POST')
    return answer(201, { endpoint: { id: 'we_stand_in' }, secret: 'whsec_c3RhbmQtaW4=' });
  const m = /^\/api\/v1\/users\/by-external-id\/([^/]+)$/.exec(req.path);
  if (m && req.method === 'PUT') answer(201, { id: `cc-${m[1]}`, externalId: m[1], email: 'x', credits: 0 });
});
let creditcastUrl = '';

/** A port free a moment ago, for VideoApp (its origin names the port, so 0 will not do). */
async function freePort(): Promise<number> {
  const probe = createServer();
  const port = await listen(probe);
  await new Promise((done) => probe.close(done));
  return port;
}

interface Started {
  url: string;
  dataDir: string;
  child: ChildProcess;
}
const started: Started[] = [];

/** Runs dev.ts with `env` on top of a clean environment; resolves once VideoApp says it listens. */
async function runDev(env: Record<string, string>): Promise<Started> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'video-app-dev-'));
  const child = spawn('node_modules/.bin/tsx', ['examples/video-app/dev.ts'], {
    cwd: ROOT,
    detached: true, // its own process group: tsx and the node it starts stop together
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH ?? '',
      CREDITCAST_URL: creditcastUrl,
      VIDEO_APP_PORT: String(port),
      VIDEO_APP_DATA_DIR: dataDir,
      VIDEO_APP_USERS_FILE: join(dataDir, 'users.json'),
      ...env,
    },
  });
  const run = { url: `http://127.0.0.1:${port}`, dataDir, child };
  started.push(run);
  let output = '';
  await new Promise<void>((ready, failed) => {
    const read = (chunk: Buffer) => {
      output += chunk;
      if (output.includes('VideoApp on ')) ready();
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('exit', (code) => failed(new Error(`dev.ts exited (${code}) before VideoApp started:\n${output}`)));
  });
  return run;
}

/** Signs in at VideoApp: it upserts the user in Creditcast with the key it was started with. */
async function signIn(url: string) {
  const res = await fetch(`${url}/signin`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: url },
    body: new URLSearchParams({ name: 'Ada' }),
  });
  expect(res.status).toBe(303);
}

beforeAll(async () => {
  creditcastUrl = `http://127.0.0.1:${await listen(creditcast)}`;
});

afterEach(async () => {
  for (const run of started.splice(0)) {
    const exited = new Promise((done) => run.child.once('exit', done));
    if (run.child.exitCode === null) process.kill(-(run.child.pid as number), 'SIGTERM');
    await exited;
    rmSync(run.dataDir, { recursive: true, force: true });
  }
  seen.length = 0;
});

afterAll(() => creditcast.close());

// Each test starts tsx (about 2 s here, more on a busy machine).
describe('npm run example with the key in the environment', { timeout: 30_000 }, () => {
  it('asks Creditcast nothing before starting, keeps nothing, and calls it with the key it was given', async () => {
    const run = await runDev({ CREDITCAST_API_KEY: 'cck_from_env', CREDITCAST_WEBHOOK_SECRET: 'whsec_ZnJvbS1lbnY=' });
    // No probe of a kept key, no endpoint registered: dev.ts went straight to the app.
    expect(seen).toEqual([]);
    expect(existsSync(join(run.dataDir, 'creditcast.env'))).toBe(false);
    await signIn(run.url);
    expect(seen).toMatchObject([{ method: 'PUT', auth: 'Bearer cck_from_env' }]);
  });

  it('without a webhook secret, registers the endpoint with that key and keeps only the secret', async () => {
    const run = await runDev({ CREDITCAST_API_KEY: 'cck_from_env' });
    expect(seen).toEqual([
      { method: 'GET', path: '/api/v1/webhook-endpoints', auth: 'Bearer cck_from_env', body: null },
      {
        method: 'POST',
        path: '/api/v1/webhook-endpoints',
        auth: 'Bearer cck_from_env',
        body: { url: `${run.url}/creditcast/events`, description: 'VideoApp (examples/video-app)' },
      },
    ]);
    // The key from the environment is never written down; the secret Creditcast made is.
    expect(readFileSync(join(run.dataDir, 'creditcast.env'), 'utf8')).toBe(
      'CREDITCAST_WEBHOOK_ENDPOINT=we_stand_in\nCREDITCAST_WEBHOOK_SECRET=whsec_c3RhbmQtaW4=\n',
    );
    seen.length = 0;
    await signIn(run.url);
    expect(seen).toMatchObject([{ method: 'PUT', auth: 'Bearer cck_from_env' }]);
  });
});
