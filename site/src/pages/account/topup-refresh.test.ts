// Specifies how the auto top-up panel stays fresh without a reload: when a read is due (a card saved
// by a late webhook, an attempt settling after a crossing spend), that it re-reads with a bounded
// backoff until what it waits for is there, and that a newer question supersedes an older loop.
import { describe, expect, it } from 'vitest';
import type { AutoTopup } from '../../lib/api';
import {
  attemptDue,
  attemptSettled,
  cardKey,
  createRefresher,
  REFRESH_DELAYS_MS,
  rememberCardBefore,
  takeCardBefore,
} from './topup-refresh';

const VISA = { brand: 'visa', last4: '4242', expMonth: 12, expYear: 2034 };

function view(over: Partial<AutoTopup> = {}): AutoTopup {
  return {
    enabled: true,
    thresholdCredits: 480,
    packId: 'starter',
    monthlyLimitCents: 5_000,
    chargedThisMonthCents: 0,
    card: VISA,
    status: 'active',
    lastAttempt: null,
    ...over,
  } as AutoTopup;
}

/** A server whose answers are given in turn (the last one repeats), and a clock that records each wait. */
function scripted(answers: AutoTopup[]) {
  const applied: AutoTopup[] = [];
  const waits: number[] = [];
  let reads = 0;
  const refresher = createRefresher({
    read: async () => answers[Math.min(reads++, answers.length - 1)]!,
    apply: (v) => applied.push(v),
    wait: async (ms) => {
      waits.push(ms);
    },
  });
  return { refresher, applied, waits, reads: () => reads };
}

describe('createRefresher', () => {
  it('back from the setup Checkout: reads until the new card shows, and stops there', async () => {
    const before = cardKey(view({ card: null }));
    const s = scripted([view({ card: null }), view({ card: null }), view()]);
    await s.refresher.until((v) => cardKey(v) !== before);
    expect(s.reads()).toBe(3);
    expect(s.waits).toEqual(REFRESH_DELAYS_MS.slice(0, 3));
    expect(s.applied.at(-1)?.card).toEqual(VISA);
  });

  it('gives up after the last delay when it never comes (bounded: about 16 s)', async () => {
    const s = scripted([view({ card: null })]);
    await s.refresher.until((v) => v.card !== null);
    expect(s.reads()).toBe(REFRESH_DELAYS_MS.length);
    expect(REFRESH_DELAYS_MS.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(16_000);
  });

  it("a single read meanwhile (the socket's first connect) does not end a loop still waiting", async () => {
    const before = cardKey(view({ card: null }));
    const s = scripted([view({ card: null }), view({ card: null }), view()]);
    const looping = s.refresher.until((v) => cardKey(v) !== before);
    await s.refresher.once();
    await looping;
    expect(s.reads()).toBe(3);
    expect(s.applied.at(-1)?.card).toEqual(VISA);
  });

  it('a newer loop replaces an older one: the old one reads nothing more', async () => {
    const applied: AutoTopup[] = [];
    const releases: (() => void)[] = [];
    let reads = 0;
    const refresher = createRefresher({
      read: async () => {
        reads++;
        return view();
      },
      apply: (v) => applied.push(v),
      wait: () => new Promise<void>((resolve) => releases.push(resolve)),
    });
    const older = refresher.until(() => false);
    const newer = refresher.until(() => true);
    releases[0]!(); // the older loop wakes: it was replaced, so it returns without reading
    await older;
    expect(reads).toBe(0);
    releases[1]!();
    await newer;
    expect(reads).toBe(1);
    expect(applied).toHaveLength(1);
  });

  it('an older read answering after a newer one is not applied over it', async () => {
    const answers: ((v: AutoTopup) => void)[] = [];
    const applied: AutoTopup[] = [];
    const refresher = createRefresher({
      read: () => new Promise<AutoTopup>((resolve) => answers.push(resolve)),
      apply: (v) => applied.push(v),
    });
    const first = refresher.once();
    const second = refresher.once();
    answers[1]!(view({ status: 'paused_authentication' }));
    await second;
    answers[0]!(view({ status: 'active' }));
    await first;
    expect(applied.map((v) => v.status)).toEqual(['paused_authentication']);
  });

  it('after stop (a save answered, or the page is gone) a read still in flight is not applied', async () => {
    const answers: ((v: AutoTopup) => void)[] = [];
    const applied: AutoTopup[] = [];
    const refresher = createRefresher({
      read: () => new Promise<AutoTopup>((resolve) => answers.push(resolve)),
      apply: (v) => applied.push(v),
    });
    const inFlight = refresher.once();
    refresher.stop();
    answers[0]!(view({ enabled: false }));
    await inFlight;
    expect(applied).toEqual([]);
  });

  it('a failed read (offline) is skipped and the next one still comes', async () => {
    let reads = 0;
    const applied: AutoTopup[] = [];
    const refresher = createRefresher({
      read: async () => {
        if (reads++ === 0) throw new Error('offline');
        return view();
      },
      apply: (v) => applied.push(v),
      wait: async () => {},
    });
    await refresher.until((v) => v.card !== null);
    expect(reads).toBe(2);
    expect(applied).toHaveLength(1);
  });
});

describe('attemptDue and attemptSettled', () => {
  it('a change below the threshold with auto top-up on and active means an attempt is due', () => {
    expect(attemptDue(view(), 479)).toBe(true);
    expect(attemptDue(view(), 480)).toBe(false);
    expect(attemptDue(view({ enabled: false }), 10)).toBe(false);
    expect(attemptDue(view({ status: 'paused_declined' }), 10)).toBe(false);
    expect(attemptDue(undefined, 10)).toBe(false);
  });

  it('settled: a pause, or a newer attempt that is no longer pending', () => {
    const before = view({
      lastAttempt: { at: '2026-12-01T00:00:00.000Z', outcome: 'succeeded', credits: 1000, message: null },
    });
    expect(attemptSettled(before, before)).toBe(false);
    expect(attemptSettled(before, view({ ...before, status: 'paused_authentication' }))).toBe(true);
    const pending = { at: '2026-12-07T00:00:00.000Z', outcome: 'pending', credits: 1000, message: null };
    expect(attemptSettled(before, view({ lastAttempt: pending }))).toBe(false);
    expect(attemptSettled(before, view({ lastAttempt: { ...pending, outcome: 'succeeded' } }))).toBe(true);
    expect(attemptSettled(view(), view({ lastAttempt: { ...pending, outcome: 'failed' } }))).toBe(true);
  });
});

describe('the card shown before leaving for Checkout', () => {
  it('is remembered, taken once, and unknown reads as no card', () => {
    const store = new Map<string, string>();
    const storage = {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => void store.set(k, v),
      removeItem: (k: string) => void store.delete(k),
    } as Storage;
    rememberCardBefore(view(), storage);
    expect(takeCardBefore(storage)).toBe('visa/4242/12/2034');
    expect(takeCardBefore(storage)).toBe('none');
    expect(cardKey(view({ card: null }))).toBe('none');
  });
});
