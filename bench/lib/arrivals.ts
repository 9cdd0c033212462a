// When each awaited thing arrived (a socket's frame, a receiver's event), by key, and a wait for one:
// the phases note arrivals as they come and wait for the key they sent. A key's first arrival counts.
import { setTimeout as sleep } from 'node:timers/promises';
import type { BalanceFrame } from './app';

export class Arrivals {
  private readonly seen = new Map<string, number>();
  private readonly waiting = new Map<string, (at: number) => void>();

  /** `key` arrived at `at` (performance.now()); a later arrival of the same key is not counted. */
  note(key: string, at: number): void {
    const resolve = this.waiting.get(key);
    if (resolve) {
      this.waiting.delete(key);
      resolve(at);
    } else if (!this.seen.has(key)) this.seen.set(key, at);
  }

  /** When `key` arrived, or null if it has not within `timeoutMs`. */
  wait(key: string, timeoutMs: number): Promise<number | null> {
    const at = this.seen.get(key);
    if (at !== undefined) return Promise.resolve(at);
    return Promise.race([
      new Promise<number>((resolve) => this.waiting.set(key, resolve)),
      sleep(timeoutMs).then(() => {
        this.waiting.delete(key);
        return null;
      }),
    ]);
  }
}

/** A socket's frames as arrivals, keyed by `keyOf` (frames it gives no key are ignored): pass `onFrame` to openLive. */
export function frameArrivals(keyOf: (frame: BalanceFrame) => string | undefined) {
  const arrivals = new Arrivals();
  return {
    onFrame: (frame: BalanceFrame, at: number) => {
      const key = keyOf(frame);
      if (key !== undefined) arrivals.note(key, at);
    },
    wait: (key: string, timeoutMs: number) => arrivals.wait(key, timeoutMs),
  };
}

export type FrameArrivals = ReturnType<typeof frameArrivals>;
