// Specifies when the header may speak about the live balance: nothing (no number, no "Offline") from a
// fresh start until the socket's first snapshot, a status change, or the connect grace running out.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { balanceFrame, FakeSocket } from '../../../packages/client/src/fake-socket';
import { CONNECT_GRACE_MS, createLiveBalance } from './live-balance';

beforeEach(() => {
  vi.useFakeTimers();
  FakeSocket.made = [];
  vi.stubGlobal('WebSocket', FakeSocket);
  vi.stubGlobal('location', { href: 'http://cc.test/en/payment/success' });
  // The walk's case: the browser claims to be offline although its socket opens fine.
  vi.stubGlobal('navigator', { onLine: false });
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

async function started() {
  const live = createLiveBalance({ path: '/api/balance/live', poll: async () => 0 });
  live.start();
  await vi.advanceTimersByTimeAsync(0); // the first attempt connects after a microtask
  return live;
}

describe('the live balance before its first snapshot', () => {
  it('is not settled while the socket opens, even with the HTTP balance (0) reported and the browser saying offline', async () => {
    const live = await started();
    live.report(0); // session.ts reports /me's balance at once
    expect(live.status()).toBe('offline');
    expect(live.settled()).toBe(false);

    FakeSocket.latest().open();
    FakeSocket.latest().receive(balanceFrame(1000, 4));
    expect(live.settled()).toBe(true);
    expect(live.status()).toBe('live');
    expect(live.balance()?.credits).toBe(1000);
    live.stop();
  });

  it('settles after the grace when the socket never opens, so a real failure is shown', async () => {
    vi.stubGlobal('navigator', { onLine: true });
    const live = await started();
    FakeSocket.latest().serverClose(1006); // refused
    await vi.advanceTimersByTimeAsync(CONNECT_GRACE_MS - 1);
    expect(live.settled()).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(live.settled()).toBe(true);
    expect(live.status()).toBe('reconnecting');
    live.stop();
  });

  it('forgets it on stop: the next start waits for its own snapshot', async () => {
    const live = await started();
    FakeSocket.latest().open();
    FakeSocket.latest().receive(balanceFrame(5, 1));
    live.stop();
    expect(live.settled()).toBe(false);
    live.start();
    await vi.advanceTimersByTimeAsync(CONNECT_GRACE_MS - 1);
    expect(live.settled()).toBe(false);
    live.stop();
  });
});
