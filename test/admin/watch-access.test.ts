// An operator's watch socket (GET /api/admin/users/{id}/live) belongs to their session (issue 18,
// item 7): logout and a password change close it at once, a role revoked in D1 alone (what
// `npm run admin -- revoke` does) closes it at the watched room's next check, within WATCH_CHECK_MS.
import { env, runDurableObjectAlarm, runInDurableObject, SELF } from 'cloudflare:test';
import { afterEach, describe, expect, it } from 'vitest';
import { CLOSE_SESSION_ENDED } from '../../worker/live/balance-room';
import type { BalanceMessage } from '../../worker/live/protocol';
import { WATCH_CHECK_MS } from '../../worker/live/watchers';
import { type Account, api, ORIGIN, sessionCookie, signUp } from '../helpers';
import { operator, setRole } from './support';

interface Socket {
  ws: WebSocket;
  frames: string[];
  closed: () => { code: number; reason: string } | null;
}

async function open(cookie: string, path: string): Promise<Socket> {
  const res = await SELF.fetch(`${ORIGIN}${path}`, { headers: { upgrade: 'websocket', cookie, origin: ORIGIN } });
  expect(res.status).toBe(101);
  const ws = res.webSocket!;
  ws.accept();
  const frames: string[] = [];
  let closed: { code: number; reason: string } | null = null;
  ws.addEventListener('message', (e) => frames.push(String(e.data)));
  ws.addEventListener('close', (e) => {
    closed = { code: e.code, reason: e.reason };
  });
  return { ws, frames, closed: () => closed };
}

const watch = (op: Pick<Account, 'cookie'>, target: Account) => open(op.cookie, `/api/admin/users/${target.id}/live`);
const own = (user: Account) => open(user.cookie, '/api/balance/live');

async function until(check: () => boolean, what: string, timeoutMs = 3_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const room = (user: Account) => env.BALANCE_ROOM.get(env.BALANCE_ROOM.idFromName(user.id));
/** Pushes one balance frame (with a grant reason an operator must stop seeing); returns sockets reached. */
const push = (user: Account, version: number) =>
  room(user).publish({
    userId: user.id,
    nextDeadline: null,
    messages: [
      {
        type: 'balance',
        credits: version,
        held: 0,
        expiring: null,
        version,
        change: { kind: 'grant', delta: 1, reference: `internal reason ${version}` },
      } satisfies BalanceMessage,
    ],
  });

async function login(user: Account): Promise<string> {
  const res = await api('/api/auth/login', {
    method: 'POST',
    body: { email: user.email, password: 'correct horse battery' },
  });
  expect(res.status).toBe(200);
  return sessionCookie(res);
}

const rooms: Account[] = [];
afterEach(async () => {
  // Alarms outlive a test's isolated storage: clear the ones the watches armed.
  for (const user of rooms.splice(0)) await runInDurableObject(room(user), (_o, state) => state.storage.deleteAlarm());
});

describe("an operator's watch socket", () => {
  it('closes when the operator logs out; the user’s own socket stays and still gets frames', async () => {
    const [op, target] = [await operator(), await signUp()];
    rooms.push(target);
    const mine = await own(target);
    const watching = await watch(op, target);
    await until(() => watching.frames.length === 1 && mine.frames.length === 1, 'both snapshots');

    expect((await api('/api/auth/logout', { method: 'POST', cookie: op.cookie })).status).toBe(204);
    await until(() => watching.closed() !== null, 'the watch socket to close');
    expect(watching.closed()).toEqual({ code: CLOSE_SESSION_ENDED, reason: 'session ended' });
    expect(mine.closed()).toBeNull();
    expect(await push(target, 1)).toBe(1);
    await until(() => mine.frames.length === 2, 'the push on the user’s socket');
    expect(watching.frames).toHaveLength(1);
    mine.ws.close(1000, 'done');
  });

  it('closes when a password change elsewhere ends the session that opened it', async () => {
    const [op, target] = [await operator(), await signUp()];
    rooms.push(target);
    const watching = await watch(op, target);
    await until(() => watching.frames.length === 1, 'the snapshot');
    const other = await login(op);
    const changed = await api('/api/account/password', {
      method: 'POST',
      cookie: other,
      body: { currentPassword: 'correct horse battery', newPassword: 'another good passphrase' },
    });
    expect(changed.status).toBe(200);
    await until(() => watching.closed() !== null, 'the watch socket to close');
    expect(watching.closed()?.code).toBe(CLOSE_SESSION_ENDED);
    expect(await push(target, 1)).toBe(0);
  });

  it('closes at the next check after the role is revoked in D1 alone; a still-operator keeps watching', async () => {
    const [revoked, kept, target] = [await operator(), await operator(), await signUp()];
    rooms.push(target);
    const before = Date.now();
    const gone = await watch(revoked, target);
    const stays = await watch(kept, target);
    await until(() => gone.frames.length === 1 && stays.frames.length === 1, 'both snapshots');
    // The room re-checks its watchers within WATCH_CHECK_MS.
    const alarm = await runInDurableObject(room(target), (_o, state) => state.storage.getAlarm());
    expect(alarm).not.toBeNull();
    expect(alarm!).toBeLessThanOrEqual(Date.now() + WATCH_CHECK_MS);
    expect(alarm!).toBeGreaterThanOrEqual(before);

    await setRole(revoked, 'user'); // exactly what tools/cli/admin.ts revoke writes
    expect(await runDurableObjectAlarm(room(target))).toBe(true);
    await until(() => gone.closed() !== null, 'the revoked watch socket to close');
    expect(gone.closed()).toEqual({ code: CLOSE_SESSION_ENDED, reason: 'session ended' });
    expect(stays.closed()).toBeNull();
    expect(await push(target, 1)).toBe(1);
    await until(() => stays.frames.length === 2, 'the push to the remaining operator');
    expect(gone.frames).toHaveLength(1);
    // Still watched: the room keeps checking.
    expect(await runInDurableObject(room(target), (_o, state) => state.storage.getAlarm())).not.toBeNull();
    stays.ws.close(1000, 'done');
  });
});
