// Specifies followBalance (home's lots list, the plans' lots): asked at once and after each balance change,
// only the newest of overlapping answers shown, a failed refresh keeps what was shown.
import { createRoot } from 'solid-js';
import { describe, expect, it, vi } from 'vitest';

// Solid's browser build: the node project resolves solid-js to its server build, where effects never run.
vi.mock('solid-js', () => import('solid-js/dist/solid.js' as string));
const live = vi.hoisted(() => ({ setBalance: (_credits: number) => {} }));
vi.mock('./live-balance', async () => {
  const { createSignal } = await import('solid-js');
  const [balance, setBalance] = createSignal(0);
  live.setBalance = setBalance;
  return { balance };
});

/** A load whose answers the test gives, one pending promise per call. */
function manualLoad() {
  const calls: { resolve: (v: string) => void; reject: (e: unknown) => void }[] = [];
  const load = () => new Promise<string>((resolve, reject) => calls.push({ resolve, reject }));
  return { load, calls };
}

/** Lets an answered call's continuations run (one task turn: a flush, not a wait for time to pass). */
const flushAnswers = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

describe('followBalance', () => {
  it('asks at once and after each balance change; a late older answer never replaces a newer one', async () => {
    const { followBalance } = await import('./follow-balance');
    const { load, calls } = manualLoad();
    const value = createRoot(() => followBalance(load));
    expect(calls).toHaveLength(1);
    calls[0]?.resolve('first');
    await vi.waitFor(() => expect(value()).toBe('first'));

    live.setBalance(100);
    live.setBalance(90);
    await vi.waitFor(() => expect(calls).toHaveLength(3));
    calls[2]?.resolve('newest');
    await vi.waitFor(() => expect(value()).toBe('newest'));
    calls[1]?.resolve('older');
    await flushAnswers();
    expect(value()).toBe('newest');
  });

  it('keeps what it shows when a refresh fails', async () => {
    const { followBalance } = await import('./follow-balance');
    const { load, calls } = manualLoad();
    const value = createRoot(() => followBalance(load));
    calls[0]?.resolve('shown');
    await vi.waitFor(() => expect(value()).toBe('shown'));
    live.setBalance(5);
    await vi.waitFor(() => expect(calls).toHaveLength(2));
    calls[1]?.reject(new Error('offline'));
    await flushAnswers();
    expect(value()).toBe('shown');
  });
});
