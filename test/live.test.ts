// The live balance (docs/api.md "Live balance"): one BalanceRoom per user pushes every ledger change
// to every open socket of that user, and only that user.
import { createExecutionContext, env, runInDurableObject, SELF, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { app } from '../worker/index';
import type { BalanceRoom } from '../worker/live/balance-room';
import type { UserUpdate } from '../worker/live/messages';
import type { BalanceMessage } from '../worker/live/protocol';
import { api, balanceOf, grantCredits, ORIGIN, signUp } from './helpers';
import { connect } from './live-socket';
import { chargeRefunded, completed, deliver, seedCheckout } from './stripe-helpers';

const settle = () => new Promise((r) => setTimeout(r, 100));

describe('connecting', () => {
  it('sends a snapshot first that equals /api/auth/me', async () => {
    const user = await signUp();
    await grantCredits(user.id, 42);
    const socket = await connect(user);
    const [snapshot] = await socket.waitFor(1);
    const me = (await (await api('/api/auth/me', { cookie: user.cookie })).json()) as { credits: number };
    expect(snapshot).toEqual({ type: 'balance', credits: me.credits, held: 0, expiring: null, version: 1 });
    expect(me.credits).toBe(42);
  });

  it('refuses a socket without a session (401), from a foreign origin (403) and a plain GET (426)', async () => {
    const user = await signUp();
    const noCookie = await SELF.fetch(`${ORIGIN}/api/balance/live`, { headers: { upgrade: 'websocket' } });
    expect(noCookie.status).toBe(401);
    expect(await noCookie.json()).toEqual({ error: { code: 'unauthorized', message: 'Sign in to continue.' } });

    const foreign = await SELF.fetch(`${ORIGIN}/api/balance/live`, {
      headers: { upgrade: 'websocket', cookie: user.cookie, origin: 'https://evil.example' },
    });
    expect(foreign.status).toBe(403);
    expect(((await foreign.json()) as { error: { code: string } }).error.code).toBe('cross_origin');

    const plain = await SELF.fetch(`${ORIGIN}/api/balance/live`, { headers: { cookie: user.cookie } });
    expect(plain.status).toBe(426);
    expect(((await plain.json()) as { error: { code: string } }).error.code).toBe('upgrade_required');
  });

  it('answers a text ping with pong', async () => {
    const user = await signUp();
    const socket = await connect(user);
    await socket.waitFor(1);
    socket.ws.send('ping');
    const deadline = Date.now() + 2000;
    while (!socket.frames.includes('pong') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    expect(socket.frames).toContain('pong');
  });
});

describe('pushing changes', () => {
  it('pushes a purchase, a spend and a refund to two sockets of the same user with rising versions', async () => {
    const user = await signUp();
    const checkout = await seedCheckout(user.id);
    const [tab1, tab2] = [await connect(user), await connect(user)];
    await Promise.all([tab1.waitFor(1), tab2.waitFor(1)]);

    await deliver(completed(checkout));
    await Promise.all([tab1.waitFor(2), tab2.waitFor(2)]);
    const spent = await api('/api/credits/spend', {
      method: 'POST',
      cookie: user.cookie,
      body: { amount: 100, reason: 'render', idempotencyKey: 'live-1' },
    });
    expect(spent.status).toBe(200);
    await Promise.all([tab1.waitFor(3), tab2.waitFor(3)]);
    await deliver(chargeRefunded(checkout, 500));

    const expected = [
      { type: 'balance', credits: 0, held: 0, expiring: null, version: 0 },
      {
        type: 'balance',
        credits: 1000,
        held: 0,
        expiring: null,
        version: 1,
        change: { kind: 'purchase', delta: 1000, reference: checkout.sessionId },
      },
      {
        type: 'balance',
        credits: 900,
        held: 0,
        expiring: null,
        version: 2,
        change: { kind: 'spend', delta: -100, reference: 'render' },
      },
      {
        type: 'balance',
        credits: 400,
        held: 0,
        expiring: null,
        version: 3,
        change: { kind: 'refund', delta: -500, reference: checkout.sessionId },
      },
    ];
    expect(await tab1.waitFor(4)).toEqual(expected);
    expect(await tab2.waitFor(4)).toEqual(expected);
    expect(await balanceOf(user.id)).toEqual({ credits: 400, version: 3 });
  });

  it("never sends user A's changes to user B", async () => {
    const [a, b] = [await signUp(), await signUp()];
    const checkout = await seedCheckout(a.id);
    const socketA = await connect(a);
    const socketB = await connect(b);
    await Promise.all([socketA.waitFor(1), socketB.waitFor(1)]);
    await deliver(completed(checkout));
    await socketA.waitFor(2);
    await settle();
    expect(socketB.messages()).toEqual([{ type: 'balance', credits: 0, held: 0, expiring: null, version: 0 }]);
  });

  it('a replayed spend pushes nothing new', async () => {
    const user = await signUp();
    await grantCredits(user.id, 10);
    const socket = await connect(user);
    await socket.waitFor(1);
    const body = { amount: 1, reason: 'r', idempotencyKey: 'once' };
    await api('/api/credits/spend', { method: 'POST', cookie: user.cookie, body });
    await socket.waitFor(2);
    await api('/api/credits/spend', { method: 'POST', cookie: user.cookie, body });
    await settle();
    expect(socket.messages()).toHaveLength(2);
  });
});

describe('versions never go backwards', () => {
  const update = (userId: string, version: number, credits: number): UserUpdate => ({
    userId,
    nextDeadline: null,
    messages: [
      {
        type: 'balance',
        credits,
        held: 0,
        expiring: null,
        version,
        change: { kind: 'adjustment', delta: 1, reference: `v${version}` },
      } satisfies BalanceMessage,
    ],
  });

  it('publishing v5 then v4 delivers only v5', async () => {
    const user = await signUp();
    const socket = await connect(user);
    await socket.waitFor(1);
    const room = env.BALANCE_ROOM.get(env.BALANCE_ROOM.idFromName(user.id));
    expect(await room.publish(update(user.id, 5, 50))).toBe(1);
    expect(await room.publish(update(user.id, 4, 40))).toBe(0);
    await settle();
    expect(socket.messages().map((m) => m.version)).toEqual([0, 5]);
  });

  it('publishing the same version twice (a retried publish) delivers it once', async () => {
    const user = await signUp();
    const socket = await connect(user);
    await socket.waitFor(1);
    const room = env.BALANCE_ROOM.get(env.BALANCE_ROOM.idFromName(user.id));
    expect(await room.publish(update(user.id, 5, 50))).toBe(1);
    expect(await room.publish(update(user.id, 5, 50))).toBe(0);
    await settle();
    expect(socket.messages().map((m) => m.version)).toEqual([0, 5]);
  });

  it('still drops stale versions after the object restarts, and a new socket starts at the latest', async () => {
    const user = await signUp();
    const id = env.BALANCE_ROOM.idFromName(user.id);
    await env.BALANCE_ROOM.get(id).publish(update(user.id, 7, 70));
    // Forget the instance: a fresh stub and a wiped in-memory state, as after hibernation.
    await runInDurableObject(env.BALANCE_ROOM.get(id), async (instance: BalanceRoom) => {
      expect(await instance.latest()).toMatchObject({ credits: 70, version: 7 });
    });
    const fresh = env.BALANCE_ROOM.get(env.BALANCE_ROOM.idFromName(user.id));
    expect(await fresh.publish(update(user.id, 6, 60))).toBe(0);
    const socket = await connect(user);
    // D1 says version 0, but the room already sent 7: the client must not start behind it.
    expect((await socket.waitFor(1))[0]).toEqual({ type: 'balance', credits: 70, held: 0, expiring: null, version: 7 });
  });
});

describe('a failing publish', () => {
  function envWithBrokenRooms(): Env {
    const broken = {
      idFromName: (name: string) => env.BALANCE_ROOM.idFromName(name),
      get: () => ({
        publish: () => Promise.reject(new Error('room unavailable')),
      }),
    };
    return { ...env, BALANCE_ROOM: broken as unknown as Env['BALANCE_ROOM'] };
  }

  async function call(request: Request) {
    const ctx = createExecutionContext();
    const res = await app.fetch(request, envWithBrokenRooms(), ctx);
    await waitOnExecutionContext(ctx);
    return res;
  }

  it('does not fail the spend', async () => {
    const user = await signUp();
    await grantCredits(user.id, 10);
    const res = await call(
      new Request(`${ORIGIN}/api/credits/spend`, {
        method: 'POST',
        headers: { cookie: user.cookie, origin: ORIGIN, 'content-type': 'application/json' },
        body: JSON.stringify({ amount: 3, reason: 'r', idempotencyKey: 'k' }),
      }),
    );
    expect(res.status).toBe(200);
    expect((await res.json()) as { credits: number }).toMatchObject({ credits: 7 });
    expect((await balanceOf(user.id)).credits).toBe(7);
  });

  it('does not fail the webhook', async () => {
    const user = await signUp();
    const checkout = await seedCheckout(user.id);
    const { signature } = await import('./stripe-helpers');
    const payload = JSON.stringify(completed(checkout));
    const res = await call(
      new Request(`${ORIGIN}/api/v1/webhooks/stripe`, {
        method: 'POST',
        headers: { 'stripe-signature': await signature(payload) },
        body: payload,
      }),
    );
    expect(res.status).toBe(200);
    expect((await balanceOf(user.id)).credits).toBe(1000);
  });
});
