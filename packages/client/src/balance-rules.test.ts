// Specifies which balance the live client shows: versioned socket messages, snapshots, polled numbers, poll backoff.
import { describe, expect, it } from 'vitest';
import type { BalanceMessage } from '../../../worker/live/protocol';
import { applyBalanceMessage, applyPolledBalance, type Balance, pollDelay } from './balance-rules';

const msg = (credits: number, version: number, change?: BalanceMessage['change']): BalanceMessage => ({
  type: 'balance',
  credits,
  version,
  held: 0,
  expiring: null,
  ...(change ? { change } : {}),
});

describe('applyBalanceMessage', () => {
  it('shows the first message when nothing is shown yet', () => {
    expect(applyBalanceMessage(null, msg(100, 3), true)).toEqual({ credits: 100, version: 3, held: 0, expiring: null });
  });

  it('shows a change with a newer version', () => {
    const shown: Balance = { credits: 100, version: 3, held: 0, expiring: null };
    expect(applyBalanceMessage(shown, msg(1100, 4, { kind: 'purchase', delta: 1000, reference: 'cs_1' }))).toEqual({
      credits: 1100,
      version: 4,
      held: 0,
      expiring: null,
    });
  });

  it('ignores a change whose version is not newer (duplicate or late frame), returning the same object', () => {
    const shown: Balance = { credits: 1090, version: 5, held: 0, expiring: null };
    expect(applyBalanceMessage(shown, msg(1100, 4))).toBe(shown);
    expect(applyBalanceMessage(shown, msg(1080, 5))).toBe(shown);
  });

  it('accepts a snapshot after reconnect even at the same or a lower version', () => {
    const polled: Balance = { credits: 50, version: 7, held: 0, expiring: null }; // a polled number kept the old version
    expect(applyBalanceMessage(polled, msg(60, 7), true)).toEqual({ credits: 60, version: 7, held: 0, expiring: null });
    expect(applyBalanceMessage(polled, msg(0, 1), true)).toEqual({ credits: 0, version: 1, held: 0, expiring: null });
  });

  it('returns the same object for a snapshot that changes nothing', () => {
    const shown: Balance = { credits: 60, version: 7, held: 0, expiring: null };
    expect(applyBalanceMessage(shown, msg(60, 7), true)).toBe(shown);
  });
});

describe('applyPolledBalance', () => {
  it('is ignored while the socket is connected', () => {
    const shown: Balance = { credits: 100, version: 3, held: 0, expiring: null };
    expect(applyPolledBalance(shown, { credits: 999 }, true)).toBe(shown);
    expect(applyPolledBalance(null, { credits: 999 }, true)).toBeNull();
  });

  it('updates the credits while the socket is down, keeping the version so newer socket messages still win', () => {
    const shown: Balance = { credits: 100, version: 3, held: 0, expiring: null };
    const polled = applyPolledBalance(shown, { credits: 1100 }, false);
    expect(polled).toEqual({ credits: 1100, version: 3, held: 0, expiring: null });
    expect(applyBalanceMessage(polled, msg(1090, 4))).toEqual({ credits: 1090, version: 4, held: 0, expiring: null });
    expect(applyBalanceMessage(polled, msg(100, 3))).toBe(polled);
  });

  it('seeds the first number before any socket message', () => {
    expect(applyPolledBalance(null, { credits: 7700 }, false)).toEqual({
      credits: 7700,
      version: 0,
      held: 0,
      expiring: null,
    });
  });

  it('returns the same object when nothing changed', () => {
    const shown: Balance = { credits: 100, version: 3, held: 0, expiring: null };
    expect(applyPolledBalance(shown, { credits: 100 }, false)).toBe(shown);
  });
});

describe('pollDelay', () => {
  it('backs off 1 s, 2 s, 4 s, 8 s, then stays at 15 s', () => {
    expect([0, 1, 2, 3, 4, 5, 20].map(pollDelay)).toEqual([1000, 2000, 4000, 8000, 15000, 15000, 15000]);
  });
});

describe('held and expiring', () => {
  it('a hold message moves the reserved credits with the balance', () => {
    const shown: Balance = { credits: 100, version: 3, held: 0, expiring: null };
    const hold = { ...msg(60, 4, { kind: 'hold', delta: -40, reference: 'hold_1' }), held: 40 };
    expect(applyBalanceMessage(shown, hold)).toEqual({ credits: 60, version: 4, held: 40, expiring: null });
  });

  it('a snapshot with the same credits but new expiring is shown', () => {
    const shown: Balance = { credits: 100, version: 3, held: 0, expiring: null };
    const expiring = { credits: 500, at: '2026-12-09T00:00:00.000Z' };
    expect(applyBalanceMessage(shown, { ...msg(100, 3), expiring }, true)).toEqual({ ...shown, expiring });
  });

  it('a polled /me read carries held and expiring while the socket is down', () => {
    const shown: Balance = { credits: 100, version: 3, held: 0, expiring: null };
    expect(applyPolledBalance(shown, { credits: 60, held: 40, expiring: null }, false)).toEqual({
      credits: 60,
      version: 3,
      held: 40,
      expiring: null,
    });
  });
});
