// Events out against a whole dev stack of its own (tools/dev-stack.ts, as `npm run dev` runs, with
// time compressed by configuration: retries from 1 s, endpoints disabled after 10 s of failures):
// a receiver that is down for the first attempts gets every event once it is up, each signed and
// with the same webhook-id as the attempts it missed; a receiver answering 500 forever is retried,
// then disabled with its reason, and is sent nothing more while an enabled endpoint still is.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DevStack, freePort, startDevStack } from '../tools/dev-stack';

const DISABLE_AFTER_SECONDS = 10;
const stateDir = mkdtempSync(join(tmpdir(), 'creditcast-hooks-'));
let stack: DevStack;
let key = '';
let passed = 0;

interface Hook {
  headers: Record<string, string>;
  body: string;
}

/** A receiver on `port` answering `status` to every POST, recording each. */
function receiver(port: number, status: number) {
  const hooks: Hook[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      hooks.push({ headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])), body });
      res.writeHead(status).end();
    });
  });
  return {
    hooks,
    listen: () => new Promise<void>((ready) => server.listen(port, '127.0.0.1', ready)),
    close: () => new Promise<void>((closed) => server.close(() => closed())),
  };
}

async function call<T>(path: string, method = 'GET', body?: unknown): Promise<T> {
  const res = await fetch(`${stack.appUrl}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  expect(res.status, `${method} ${path}: ${text}`).toBeLessThan(300);
  return (text ? JSON.parse(text) : undefined) as T;
}

async function endpointFor(url: string) {
  return call<{ endpoint: { id: string }; secret: string }>('/webhook-endpoints', 'POST', {
    url,
    events: ['credits.granted'],
  });
}

/** A user of the app (by external id) granted each amount, one grant (one event) per amount. */
async function grantedUser(tag: string, amounts: number[]): Promise<string> {
  const externalId = `${tag}-${Date.now().toString(36)}`;
  const user = await call<{ id: string }>(`/users/by-external-id/${externalId}`, 'PUT', {
    email: `${externalId}@hooks.example`,
  });
  for (const amount of amounts) {
    await call(`/users/${user.id}/grants`, 'POST', { amount, reason: tag, idempotencyKey: crypto.randomUUID() });
  }
  return user.id;
}

type Log = { deliveries: { messageId: string; attempt: number; status: string; responseCode: number | null }[] };
const logOf = (endpointId: string) => call<Log>(`/webhook-endpoints/${endpointId}/deliveries`);
const ofUser = (hooks: Hook[], userId: string) =>
  hooks.filter((h) => (JSON.parse(h.body) as { data: { userId: string } }).data.userId === userId);

beforeAll(async () => {
  stack = await startDevStack({
    label: 'hooks',
    port: await freePort(),
    emulatorPort: await freePort(),
    secretKey: 'sk_test_creditcast_hooks',
    webhookSecret: 'whsec_creditcast_hooks',
    stateDir,
    readyTimeoutMs: 90_000,
    vars: { WEBHOOK_RETRY_BASE_SECONDS: '1', WEBHOOK_DISABLE_AFTER_SECONDS: String(DISABLE_AFTER_SECONDS) },
  });
  // dev.sh made the render farm's key in this stack's D1: any service key can manage endpoints.
  key = /^RENDER_FARM_API_KEY=(\S+)$/m.exec(readFileSync(join(stack.dir, 'stack.dev.vars'), 'utf8'))?.[1] ?? '';
  expect(key).toMatch(/^cck_/);
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  if (passed < 2) console.error(readFileSync(join(stateDir, 'dev.log'), 'utf8').split('\n').slice(-80).join('\n'));
  rmSync(stateDir, { recursive: true, force: true });
});

describe('events out against the dev stack', () => {
  const down = { port: 0, receiver: undefined as ReturnType<typeof receiver> | undefined };

  afterAll(async () => {
    await down.receiver?.close();
  });

  it('a receiver down for the first attempts gets every event once it is up, same webhook-ids, signed', async () => {
    down.port = await freePort(); // reserved, nothing listening: each attempt is a refused connection
    const { endpoint, secret } = await endpointFor(`http://127.0.0.1:${down.port}/hooks`);
    const userId = await grantedUser('down', [10, 20, 30]);

    // Wait (on the log, not a clock) until every event failed once and one was already retried.
    await expect
      .poll(
        async () => {
          const { deliveries } = await logOf(endpoint.id);
          return new Set(deliveries.map((d) => d.messageId)).size === 3 && deliveries.some((d) => d.attempt >= 2);
        },
        { timeout: 30_000, interval: 200 },
      )
      .toBe(true);
    const missed = new Set((await logOf(endpoint.id)).deliveries.map((d) => d.messageId));
    expect((await logOf(endpoint.id)).deliveries.every((d) => d.status === 'failed' && d.responseCode === null)).toBe(
      true,
    );

    down.receiver = receiver(down.port, 200);
    await down.receiver.listen();
    await expect
      .poll(() => new Set(ofUser(down.receiver!.hooks, userId).map((h) => h.headers['webhook-id'])).size, {
        timeout: 60_000,
        interval: 200,
      })
      .toBe(3);
    const got = ofUser(down.receiver.hooks, userId);
    expect(new Set(got.map((h) => h.headers['webhook-id']))).toEqual(missed);
    const credits = got.map(
      (h) => (new Webhook(secret).verify(h.body, h.headers) as { data: { credits: number } }).data,
    );
    expect(credits.map((d) => d.credits).sort((a, b) => a - b)).toEqual([10, 20, 30]);
    const { endpoints } = await call<{ endpoints: { id: string; disabledAt: string | null }[] }>('/webhook-endpoints');
    expect(endpoints.find((e) => e.id === endpoint.id)?.disabledAt).toBeNull();
    passed += 1;
  });

  it(`a receiver answering 500 forever is retried, then disabled after ${DISABLE_AFTER_SECONDS} s and sent nothing more`, async () => {
    const port = await freePort();
    const broken = receiver(port, 500);
    await broken.listen();
    try {
      const { endpoint } = await endpointFor(`http://127.0.0.1:${port}/hooks`);
      const userId = await grantedUser('broken', [5]);

      type Listed = { endpoints: { id: string; disabledAt: string | null; disabledReason: string | null }[] };
      const listed = async () => (await call<Listed>('/webhook-endpoints')).endpoints.find((e) => e.id === endpoint.id);
      await expect.poll(async () => (await listed())?.disabledAt, { timeout: 60_000, interval: 250 }).toBeTruthy();
      expect((await listed())?.disabledReason).toBe(
        `every delivery failed for ${DISABLE_AFTER_SECONDS} s (last: HTTP 500)`,
      );
      const { deliveries } = await logOf(endpoint.id);
      expect(deliveries.length).toBeGreaterThanOrEqual(3);
      expect(deliveries.every((d) => d.status === 'failed' && d.responseCode === 500)).toBe(true);
      expect(new Set(deliveries.map((d) => d.messageId)).size).toBe(1);
      expect(new Set(ofUser(broken.hooks, userId).map((h) => h.headers['webhook-id'])).size).toBe(1);

      // A new event: the enabled endpoint (the first test's) gets it; the disabled one is sent nothing.
      const before = broken.hooks.length;
      const next = await grantedUser('after', [7]);
      await expect
        .poll(() => ofUser(down.receiver?.hooks ?? [], next).length, { timeout: 30_000, interval: 200 })
        .toBe(1);
      expect(broken.hooks.length).toBe(before);
      passed += 1;
    } finally {
      await broken.close();
    }
  });
});
