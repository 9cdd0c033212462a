// Live sockets under abuse (API.md "Live balance"): at most 50 open per user (the oldest close),
// logout closes the ended session's sockets server-side, and a client sending anything but
// `ping` is closed (1008) instead of answered frame for frame.
import { env, SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import {
  CLOSE_POLICY_VIOLATION,
  CLOSE_SESSION_ENDED,
  CLOSE_TOO_MANY_SOCKETS,
  MAX_SOCKETS_PER_USER,
} from '../worker/live/balance-room';
import type { BalanceMessage } from '../worker/live/protocol';
import { type Account, api, ORIGIN, sessionCookie, signUp } from './helpers';

interface Socket {
  ws: WebSocket;
  frames: string[];
  closed: () => { code: number; reason: string } | null;
}

async function connect(cookie: string): Promise<Socket> {
  const res = await SELF.fetch(`${ORIGIN}/api/balance/live`, {
    headers: { upgrade: 'websocket', cookie, origin: ORIGIN },
  });
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

async function until(check: () => boolean, what: string, timeoutMs = 3_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const settle = () => new Promise((r) => setTimeout(r, 150));
const room = (user: Account) => env.BALANCE_ROOM.get(env.BALANCE_ROOM.idFromName(user.id));
const push = (user: Account, version: number): Promise<number> =>
  room(user).publish({
    userId: user.id,
    nextDeadline: null,
    messages: [
      {
        type: 'balance',
        credits: version * 10,
        held: 0,
        expiring: null,
        version,
        change: { kind: 'spend', delta: -1, reference: `secret reason ${version}` },
      } satisfies BalanceMessage,
    ],
  });

describe('open sockets per user', () => {
  it(`are capped at ${MAX_SOCKETS_PER_USER}: the next one closes the oldest`, async () => {
    const user = await signUp();
    const sockets: Socket[] = [];
    for (let i = 0; i < MAX_SOCKETS_PER_USER; i++) sockets.push(await connect(user.cookie));
    await settle();
    expect(sockets.filter((s) => s.closed())).toHaveLength(0);

    const newest = await connect(user.cookie);
    await until(() => sockets[0]!.closed() !== null, 'the oldest socket to close');
    expect(sockets[0]!.closed()).toEqual({ code: CLOSE_TOO_MANY_SOCKETS, reason: 'too many open sockets' });
    expect(sockets.slice(1).filter((s) => s.closed())).toHaveLength(0);
    // The room now reaches exactly the cap: the 49 survivors and the newest.
    expect(await push(user, 1)).toBe(MAX_SOCKETS_PER_USER);
    await until(() => newest.frames.length === 2, 'the push on the newest socket');
    expect(sockets[0]!.frames).toHaveLength(1); // only its snapshot
    for (const s of [newest, ...sockets.slice(1)]) s.ws.close(1000, 'done');
  });
});

describe('logout', () => {
  it("closes that session's sockets server-side and leaves the user's other sessions live", async () => {
    const user = await signUp();
    const login = await api('/api/auth/login', {
      method: 'POST',
      body: { email: user.email, password: 'correct horse battery' },
    });
    const otherDevice = sessionCookie(login);
    const [ended, ended2, kept] = [await connect(user.cookie), await connect(user.cookie), await connect(otherDevice)];
    await until(() => [ended, ended2, kept].every((s) => s.frames.length === 1), 'the snapshots');

    expect((await api('/api/auth/logout', { method: 'POST', cookie: user.cookie })).status).toBe(204);
    // Closed by the time logout answered (the room is asked before the 204).
    await until(() => ended.closed() !== null && ended2.closed() !== null, 'the ended sockets to close', 500);
    expect(ended.closed()).toEqual({ code: CLOSE_SESSION_ENDED, reason: 'session ended' });
    expect(kept.closed()).toBeNull();

    // Later changes (spend reasons included) reach only the session that is still signed in.
    expect(await push(user, 2)).toBe(1);
    await until(() => kept.frames.length === 2, 'the push on the kept socket');
    expect(JSON.parse(kept.frames[1]!)).toMatchObject({ version: 2, change: { reference: 'secret reason 2' } });
    await settle();
    expect(ended.frames).toHaveLength(1);
    expect(ended2.frames).toHaveLength(1);
    kept.ws.close(1000, 'done');
  });
});

describe('frames from the client', () => {
  it('anything but ping gets no reply frame: the socket is closed with 1008 at the first', async () => {
    const user = await signUp();
    const socket = await connect(user.cookie);
    await until(() => socket.frames.length === 1, 'the snapshot');
    for (let i = 0; i < 100; i++) {
      try {
        socket.ws.send(i % 2 ? `garbage ${i}` : new Uint8Array([1, 2, 3]));
      } catch {
        break; // closed under us: exactly what should happen
      }
    }
    await until(() => socket.closed() !== null, 'the socket to close');
    expect(socket.closed()).toEqual({ code: CLOSE_POLICY_VIOLATION, reason: 'only "ping" may be sent' });
    expect(socket.frames).toHaveLength(1); // the snapshot, and not one reply
    // A well-behaved socket of the same user is untouched, and ping still answers pong.
    const good = await connect(user.cookie);
    await until(() => good.frames.length === 1, 'the snapshot');
    good.ws.send('ping');
    await until(() => good.frames.includes('pong'), 'pong');
    expect(good.closed()).toBeNull();
    good.ws.close(1000, 'done');
  });
});
