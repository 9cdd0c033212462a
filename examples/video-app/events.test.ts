// VideoApp as the receiver of Creditcast's events (events.ts): POST /creditcast/events verifies each
// one with `standardwebhooks` (a bad signature, a stranger's secret or a stale timestamp: 400, nothing
// changed), and the header's "Low balance" follows balance.low and the purchase that ends it, in
// whatever order and however many times the events arrive.
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from './config';
import { createApp } from './server';

const SECRET = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
const STRANGER = `whsec_${Buffer.alloc(32, 9).toString('base64')}`;
let creditcast: Server;
let app: Server;
let appUrl = '';
let usersFile = '';

const listen = (server: Server) =>
  new Promise<number>((done) => server.listen(0, '127.0.0.1', () => done((server.address() as AddressInfo).port)));

beforeAll(async () => {
  // Sign-in upserts the user in Creditcast: the only call these tests need answered.
  creditcast = createServer((req, res) => {
    const m = /^\/api\/v1\/users\/by-external-id\/([^/]+)$/.exec(req.url ?? '');
    res.writeHead(m ? 201 : 404, { 'content-type': 'application/json' });
    res.end(JSON.stringify(m ? { id: `cc-${m[1]}`, externalId: decodeURIComponent(m[1]!), credits: 0 } : {}));
  });
  usersFile = join(mkdtempSync(join(tmpdir(), 'video-app-events-')), 'users.json');
  const config: Config = {
    port: 0,
    origin: '',
    creditcastUrl: `http://127.0.0.1:${await listen(creditcast)}`,
    apiKey: 'cck_test',
    tokenTtlSeconds: 600,
    usersFile,
    webhookSecret: SECRET,
  };
  app = createApp(config);
  appUrl = config.origin = `http://127.0.0.1:${await listen(app)}`;
});

afterAll(() => {
  app.close();
  creditcast.close();
});

/** Signs in by name; answers the cookie and the app's own id for the user (Creditcast's `externalId`). */
async function signIn(name: string): Promise<{ cookie: string; externalId: string }> {
  const res = await fetch(`${appUrl}/signin`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: appUrl },
    body: new URLSearchParams({ name }),
  });
  expect(res.status).toBe(303);
  const users = JSON.parse(readFileSync(usersFile, 'utf8')) as { id: string; name: string }[];
  return { cookie: res.headers.get('set-cookie')!.split(';')[0]!, externalId: users.find((u) => u.name === name)!.id };
}

let sequence = 0;
/** A Creditcast event as it arrives: signed with `secret` at `at`, with the Standard Webhooks headers. */
function signed(type: string, data: Record<string, unknown>, secret = SECRET, at = new Date()) {
  const id = `msg_${(++sequence).toString(16).padStart(24, '0')}`;
  const body = JSON.stringify({ type, timestamp: at.toISOString(), data });
  const headers = {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(id, at, body),
  };
  return { body, headers };
}

const deliver = (hook: { body: string; headers: Record<string, string> }) =>
  fetch(`${appUrl}/creditcast/events`, { method: 'POST', headers: hook.headers, body: hook.body });
const lowShown = async (cookie: string) =>
  (await (await fetch(appUrl, { headers: { cookie } })).text()).includes('Low balance');
const low = (externalId: string, balance: number, version: number) =>
  signed('balance.low', { userId: 'cc', externalId, balance, version, threshold: 100 });
const purchased = (externalId: string, balance: number, version: number) =>
  signed('credits.purchased', { userId: 'cc', externalId, balance, version, credits: 1000, packId: 'starter' });

describe('VideoApp receiving events', () => {
  it('refuses a bad signature, a stranger’s secret or a stale timestamp with 400, changing nothing', async () => {
    const { cookie, externalId } = await signIn('Alan');
    const good = low(externalId, 95, 4);
    const tampered = { ...good, body: good.body.replace('"balance":95', '"balance":5') };
    const stranger = signed('balance.low', { externalId, balance: 95, version: 4, threshold: 100 }, STRANGER);
    const stale = signed(
      'balance.low',
      { externalId, balance: 95, version: 4, threshold: 100 },
      SECRET,
      new Date(Date.now() - 10 * 60_000),
    );
    const unsigned = { body: good.body, headers: { 'content-type': 'application/json' } };
    for (const hook of [tampered, stranger, stale, unsigned]) {
      const res = await deliver(hook);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_signature');
    }
    expect(await lowShown(cookie)).toBe(false);
    // The untouched original verifies and applies.
    const res = await deliver(good);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ outcome: 'applied', type: 'balance.low' });
    expect(await lowShown(cookie)).toBe(true);
  });

  it('shows "Low balance" after balance.low and clears it after a purchase brings the balance back', async () => {
    const { cookie, externalId } = await signIn('Edsger');
    expect(await lowShown(cookie)).toBe(false);
    const alert = low(externalId, 90, 7);
    expect((await deliver(alert)).status).toBe(200);
    expect(await lowShown(cookie)).toBe(true);
    // The same message again (a retry, a resend) is acknowledged and changes nothing.
    expect(await (await deliver(alert)).json()).toEqual({ outcome: 'duplicate' });
    expect(await lowShown(cookie)).toBe(true);
    // A purchase that leaves the balance under the threshold does not clear it; one that lifts it does.
    expect((await deliver(signed('credits.granted', { externalId, balance: 99, version: 8, credits: 9 }))).status).toBe(
      200,
    );
    expect(await lowShown(cookie)).toBe(true);
    expect((await deliver(purchased(externalId, 1090, 9))).status).toBe(200);
    expect(await lowShown(cookie)).toBe(false);
  });

  it('ends the same whatever the order: a late balance.low older than the purchase never raises the flag', async () => {
    const { cookie, externalId } = await signIn('Barbara');
    expect((await deliver(purchased(externalId, 1090, 6))).status).toBe(200);
    expect((await deliver(low(externalId, 90, 5))).status).toBe(200);
    expect(await lowShown(cookie)).toBe(false);
    // A newer crossing raises it again.
    expect((await deliver(low(externalId, 40, 12))).status).toBe(200);
    expect(await lowShown(cookie)).toBe(true);
  });

  it('acknowledges an event about a user it does not know (200, nothing to do)', async () => {
    const res = await deliver(low('va_someone-else', 10, 1));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ outcome: 'ignored' });
  });
});
