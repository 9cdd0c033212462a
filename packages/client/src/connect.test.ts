// Specifies connectBalance against a fake socket, fake timers and a fake network: version order,
// reconnect backoff, the 3 s ping / 2 s dead heartbeat, offline truth, browser tokens (a fresh one
// after a refusal or near expiry), session end, the other message kinds, the HTTP read while down.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PolledBalance } from './balance-rules';
import { connectBalance } from './connect';
import { balanceFrame, FakeSocket } from './fake-socket';
import type { BalanceState, ConnectOptions } from './types';

let network: EventTarget;
beforeEach(() => {
  vi.useFakeTimers();
  FakeSocket.made = [];
  network = new EventTarget();
});
afterEach(() => vi.useRealTimers());

/** A connection over fake sockets, recording every state its listener is told. */
async function start(options: ConnectOptions = {}) {
  const states: BalanceState[] = [];
  const connection = connectBalance({ baseUrl: 'http://cc.test', WebSocket: FakeSocket, network, ...options });
  connection.subscribe((s) => states.push(s));
  await vi.advanceTimersByTimeAsync(0); // the first attempt connects after a microtask
  return { connection, states, last: () => states.at(-1)! };
}

describe('which balance is shown', () => {
  it('shows the snapshot, then only newer versions; a late or duplicated frame is never told', async () => {
    const { states, last } = await start();
    expect(last()).toEqual({ credits: null, held: 0, expiring: null, version: 0, status: 'reconnecting' });
    const socket = FakeSocket.latest();
    expect(socket.url).toBe('ws://cc.test/api/balance/live');
    socket.open();
    expect(last().status).toBe('reconnecting'); // open but no snapshot yet: not live
    socket.receive(balanceFrame(100, 3));
    expect(last()).toEqual({ credits: 100, held: 0, expiring: null, version: 3, status: 'live' });
    socket.receive(balanceFrame(1100, 5, { kind: 'purchase', delta: 1000 }));
    expect(last()).toMatchObject({
      credits: 1100,
      version: 5,
      change: { kind: 'purchase', delta: 1000, credits: 1100 },
    });
    const told = states.length;
    socket.receive(balanceFrame(1090, 4, { kind: 'spend', delta: -10 }));
    socket.receive(balanceFrame(1100, 5, { kind: 'purchase', delta: 1000 }));
    socket.receive('pong');
    socket.receive('{not json');
    expect(states).toHaveLength(told);
  });

  it('accepts the snapshot of a new connection even at a lower version (a reset server)', async () => {
    const { last } = await start();
    FakeSocket.latest().open();
    FakeSocket.latest().receive(balanceFrame(500, 9));
    FakeSocket.latest().serverClose(1006);
    await vi.advanceTimersByTimeAsync(1_000);
    FakeSocket.latest().open();
    FakeSocket.latest().receive(balanceFrame(0, 1));
    expect(last()).toMatchObject({ credits: 0, version: 1, status: 'live' });
  });
});

describe('reconnecting', () => {
  it('says reconnecting at once and retries after 1 s, 2 s, 4 s … up to 15 s; an open resets the backoff', async () => {
    const { last } = await start();
    FakeSocket.latest().open();
    FakeSocket.latest().receive(balanceFrame(10, 1));
    FakeSocket.latest().serverClose(1006);
    expect(last().status).toBe('reconnecting');
    const delays: number[] = [];
    for (let i = 0; i < 6; i++) {
      const before = FakeSocket.made.length;
      let waited = 0;
      while (FakeSocket.made.length === before) {
        await vi.advanceTimersByTimeAsync(100);
        waited += 100;
      }
      delays.push(waited);
      FakeSocket.latest().serverClose(1006); // refused again
    }
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 15_000, 15_000]);
    await vi.advanceTimersByTimeAsync(15_000);
    FakeSocket.latest().open();
    FakeSocket.latest().serverClose(1006);
    const before = FakeSocket.made.length;
    await vi.advanceTimersByTimeAsync(1_000);
    expect(FakeSocket.made.length).toBe(before + 1);
  });

  it('abandons an attempt that never opens and tries again', async () => {
    await start();
    const hung = FakeSocket.latest();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(hung.closedByClient).toBe(true);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(FakeSocket.made).toHaveLength(2);
  });

  it('close() stops everything: no socket after it, ever', async () => {
    const { connection } = await start();
    FakeSocket.latest().open();
    connection.close();
    expect(FakeSocket.latest().closedByClient).toBe(true);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(FakeSocket.made).toHaveLength(1);
  });
});

describe('heartbeat and the network', () => {
  it('pings every 3 s; no answer within 2 s means dead: reconnecting, and a fresh socket at once', async () => {
    const { last } = await start();
    const first = FakeSocket.latest();
    first.open();
    first.receive(balanceFrame(10, 1));
    await vi.advanceTimersByTimeAsync(3_000);
    expect(first.sent).toEqual(['ping']);
    first.receive('pong');
    await vi.advanceTimersByTimeAsync(3_000);
    expect(first.sent).toEqual(['ping', 'ping']);
    await vi.advanceTimersByTimeAsync(1_999);
    expect(last().status).toBe('live');
    await vi.advanceTimersByTimeAsync(1);
    expect(last().status).toBe('reconnecting');
    expect(first.closedByClient).toBe(true);
    expect(FakeSocket.made).toHaveLength(2);
  });

  it('the browser going offline says offline at once; back online it reconnects now, live after the snapshot', async () => {
    const { last } = await start();
    FakeSocket.latest().open();
    FakeSocket.latest().receive(balanceFrame(10, 1));
    network.dispatchEvent(new Event('offline'));
    expect(last().status).toBe('offline');
    FakeSocket.latest().serverClose(1006);
    expect(last().status).toBe('offline');
    network.dispatchEvent(new Event('online'));
    expect(last().status).toBe('reconnecting');
    await vi.advanceTimersByTimeAsync(0);
    expect(FakeSocket.made).toHaveLength(2);
    FakeSocket.latest().open();
    FakeSocket.latest().receive(balanceFrame(10, 1));
    expect(last().status).toBe('live');
  });
});

describe('browser tokens', () => {
  it('connects with a token, keeps it across a normal reconnect, and asks again after a refusal', async () => {
    const tokens = ['cct_a', 'cct_b', 'cct_c'];
    const getToken = vi.fn(async () => tokens.shift()!);
    await start({ baseUrl: 'https://credits.example', getToken });
    expect(FakeSocket.latest().url).toBe('wss://credits.example/api/balance/live?token=cct_a');
    FakeSocket.latest().open();
    FakeSocket.latest().serverClose(1006); // was open: the token is still good
    await vi.advanceTimersByTimeAsync(1_000);
    expect(FakeSocket.latest().url).toContain('token=cct_a');
    FakeSocket.latest().serverClose(1006); // refused before open (401 at the upgrade): a fresh token
    await vi.advanceTimersByTimeAsync(2_000);
    expect(FakeSocket.latest().url).toContain('token=cct_b');
    expect(getToken).toHaveBeenCalledTimes(2);
  });

  it('replaces a token about to expire before connecting, and retries when the app cannot give one', async () => {
    let n = 0;
    const getToken = vi.fn(async () => {
      n++;
      if (n === 2) throw new Error('token endpoint down');
      return { token: `cct_${n}`, expiresAt: new Date(Date.now() + 60_000).toISOString() };
    });
    await start({ getToken });
    expect(FakeSocket.latest().url).toContain('token=cct_1');
    FakeSocket.latest().open();
    FakeSocket.latest().receive(balanceFrame(10, 1));
    vi.setSystemTime(Date.now() + 56_000); // the clock only: cct_1 now expires within the 5 s margin
    FakeSocket.latest().serverClose(1006); // it had opened: the token was not refused
    await vi.advanceTimersByTimeAsync(1_000);
    expect(getToken).toHaveBeenCalledTimes(2); // asked before connecting again; the app failed
    expect(FakeSocket.made).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(getToken).toHaveBeenCalledTimes(3);
    expect(FakeSocket.made).toHaveLength(2);
    expect(FakeSocket.latest().url).toContain('token=cct_3');
  });
});

describe('the other messages', () => {
  it('hands subscription and job messages to their hooks, never as the snapshot', async () => {
    const { connection, last } = await start();
    const subs: unknown[] = [];
    const jobs: unknown[] = [];
    connection.on('subscription', (s) => subs.push(s));
    connection.on('job', (j) => jobs.push(j));
    let connects = 0;
    connection.on('connect', () => connects++);
    FakeSocket.latest().open();
    expect(connects).toBe(1);
    const view = { id: 'sub_1', planId: 'pro', status: 'past_due', currentPeriodEnd: null, cancelAtPeriodEnd: false };
    FakeSocket.latest().receive({ type: 'subscription', subscription: view });
    FakeSocket.latest().receive({ type: 'job', job: { id: 'job_1', status: 'rendering' } });
    expect(last().status).toBe('reconnecting');
    FakeSocket.latest().receive(balanceFrame(5, 2));
    expect(last()).toMatchObject({ credits: 5, status: 'live' });
    expect(subs).toEqual([view]);
    expect(jobs).toEqual([{ id: 'job_1', status: 'rendering' }]);
  });

  it('a session-ended close (4001) ends it for good; another 4001 reconnects', async () => {
    const { connection } = await start();
    let ended = 0;
    connection.on('sessionEnded', () => ended++);
    FakeSocket.latest().open();
    FakeSocket.latest().serverClose(4001, 'test cut');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(FakeSocket.made).toHaveLength(2);
    FakeSocket.latest().open();
    FakeSocket.latest().serverClose(4001, 'session ended');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(FakeSocket.made).toHaveLength(2);
    expect(ended).toBe(1);
  });
});

describe('the HTTP read while the socket is down', () => {
  it('polls with backoff while down and shows its number, kept out once live; signed_out ends the session', async () => {
    const answers: (PolledBalance | 'signed_out')[] = [{ credits: 70 }, 'signed_out'];
    const poll = vi.fn(async () => answers.shift()!);
    const { connection, last } = await start({ poll });
    let ended = 0;
    connection.on('sessionEnded', () => ended++);
    FakeSocket.latest().serverClose(1006);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(last()).toMatchObject({ credits: 70, version: 0, status: 'reconnecting' });
    connection.report({ credits: 80 });
    expect(last().credits).toBe(80);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(ended).toBe(1);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(poll).toHaveBeenCalledTimes(2);
  });

  it('a report while live changes nothing', async () => {
    const { connection, last } = await start();
    FakeSocket.latest().open();
    FakeSocket.latest().receive(balanceFrame(10, 1));
    connection.report({ credits: 999 });
    expect(last().credits).toBe(10);
  });
});
