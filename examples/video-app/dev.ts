// `npm run example`: the repository's convenience, not part of the app. With `npm run dev` running,
// it makes sure VideoApp has a Creditcast API key whose origin is VideoApp's (made with
// `npm run keys -- create example-app --origin …` in the local D1, as tools/dev.sh does for the
// render farm, kept in .data/creditcast.env, remade when D1 forgot it or the origin changed), then
// starts the app. CREDITCAST_API_KEY in the environment skips all of this. Then it registers VideoApp's
// endpoint for Creditcast's events ({origin}/creditcast/events, every type) through the service API,
// keeps its secret beside the key, and reuses it while Creditcast still lists it (enabling it again
// if it was disabled); CREDITCAST_WEBHOOK_SECRET in the environment skips that.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const KEY_NAME = 'example-app';
// VIDEO_APP_DATA_DIR: where the key and secret are kept; dev.test.ts points it at a temporary folder.
const dataDir = process.env.VIDEO_APP_DATA_DIR ?? fileURLToPath(new URL('.data', import.meta.url));
const keyFile = join(dataDir, 'creditcast.env');
const root = fileURLToPath(new URL('../..', import.meta.url));
const creditcastUrl = (process.env.CREDITCAST_URL ?? 'http://127.0.0.1:8787').replace(/\/+$/, '');
const origin = process.env.VIDEO_APP_ORIGIN ?? `http://127.0.0.1:${process.env.VIDEO_APP_PORT ?? 8600}`;

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

/** The key's answer to a harmless service call: 'ok', 'rejected' (unknown or revoked), or Creditcast is down. */
async function probe(key: string): Promise<'ok' | 'rejected' | 'unreachable'> {
  try {
    const res = await fetch(`${creditcastUrl}/api/v1/users?email=probe%40video-app.example`, {
      headers: { authorization: `Bearer ${key}` },
    });
    return res.ok ? 'ok' : 'rejected';
  } catch {
    return 'unreachable';
  }
}

function keys(...args: string[]): { ok: boolean; out: string } {
  const run = spawnSync('npm', ['run', '--silent', 'keys', '--', ...args], { cwd: root, encoding: 'utf8' });
  return { ok: run.status === 0, out: `${run.stdout}${run.stderr}` };
}

/** A new key for VideoApp's origin; an active key of that name whose secret we lost is replaced. */
function createKey(): string {
  let made = keys('create', KEY_NAME, '--origin', origin);
  if (!made.ok && made.out.includes('exists already')) {
    keys('revoke', KEY_NAME);
    made = keys('create', KEY_NAME, '--origin', origin);
  }
  const secret = /cck_\S+/.exec(made.out)?.[0];
  if (!made.ok || !secret) fail(`Could not create the "${KEY_NAME}" API key:\n${made.out}`);
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(keyFile, `CREDITCAST_API_KEY=${secret}\nCREDITCAST_KEY_ORIGIN=${origin}\n`, { mode: 0o600 });
  console.log(`Created the API key "${KEY_NAME}" for ${origin} (kept in ${keyFile}).`);
  return secret;
}

async function ensureKey(): Promise<string> {
  const stored = existsSync(keyFile) ? readFileSync(keyFile, 'utf8') : '';
  const key = /^CREDITCAST_API_KEY=(\S+)$/m.exec(stored)?.[1];
  const keyOrigin = /^CREDITCAST_KEY_ORIGIN=(\S+)$/m.exec(stored)?.[1];
  const answer = await probe(key ?? 'cck_none');
  if (answer === 'unreachable') fail(`Creditcast does not answer at ${creditcastUrl}: start it first (npm run dev).`);
  if (key && answer === 'ok' && keyOrigin === origin) return key;
  return createKey();
}

/** A line `NAME=value` of the kept file, or undefined. */
const kept = (name: string) =>
  new RegExp(`^${name}=(\\S+)$`, 'm').exec(existsSync(keyFile) ? readFileSync(keyFile, 'utf8') : '')?.[1];

/** VideoApp's endpoint for events: the kept one while Creditcast lists it for this URL, else a new one. */
async function ensureWebhook(key: string): Promise<string> {
  const url = `${origin}/creditcast/events`;
  const call = (path: string, method = 'GET', body?: unknown) =>
    fetch(`${creditcastUrl}/api/v1/webhook-endpoints${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const { endpoints } = (await (await call('')).json()) as {
    endpoints: { id: string; url: string; disabledAt: string | null }[];
  };
  const [endpointId, secret] = [kept('CREDITCAST_WEBHOOK_ENDPOINT'), kept('CREDITCAST_WEBHOOK_SECRET')];
  const listed = endpoints.find((e) => e.id === endpointId && e.url === url);
  if (listed && secret) {
    if (listed.disabledAt) await call(`/${listed.id}/enable`, 'POST');
    return secret;
  }
  // Endpoints for this URL whose secret we no longer hold would only fail: remove them first.
  for (const stale of endpoints.filter((e) => e.url === url)) await call(`/${stale.id}`, 'DELETE');
  const res = await call('', 'POST', { url, description: 'VideoApp (examples/video-app)' });
  if (res.status !== 201) fail(`Could not register ${url} for events: ${res.status} ${await res.text()}`);
  const created = (await res.json()) as { endpoint: { id: string }; secret: string };
  mkdirSync(dataDir, { recursive: true });
  const rest = (existsSync(keyFile) ? readFileSync(keyFile, 'utf8') : '').replace(/^CREDITCAST_WEBHOOK_\w+=.*\n/gm, '');
  writeFileSync(
    keyFile,
    `${rest}CREDITCAST_WEBHOOK_ENDPOINT=${created.endpoint.id}\nCREDITCAST_WEBHOOK_SECRET=${created.secret}\n`,
    { mode: 0o600 },
  );
  console.log(`Registered ${url} for Creditcast's events (secret kept in ${keyFile}).`);
  return created.secret;
}

process.env.CREDITCAST_API_KEY ??= await ensureKey();
process.env.CREDITCAST_WEBHOOK_SECRET ??= await ensureWebhook(process.env.CREDITCAST_API_KEY);
await import('./main');
