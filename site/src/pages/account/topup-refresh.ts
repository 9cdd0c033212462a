// When the auto top-up settings shown may be stale, and re-reading them until they are not. Nothing
// is pushed for a saved card or a failed attempt (the socket carries balances): a card's webhook can
// land after the redirect back from Checkout, and an off-session attempt settles in the user's
// BalanceRoom alarm shortly after the spend that crossed the threshold. So the page re-reads with a
// bounded backoff until what it waits for is there, instead of asking the user to reload.
import type { AutoTopup } from '../../lib/api';

/** Gaps between reads: about 16 s in all, longer than a webhook or an alarm takes on a slow day. */
export const REFRESH_DELAYS_MS = [250, 500, 1_000, 2_000, 4_000, 8_000];

/** The card as the page shows it, for "has it changed?" ('none' when there is none). */
export function cardKey(view: Pick<AutoTopup, 'card'> | undefined): string {
  const card = view?.card;
  return card ? `${card.brand}/${card.last4}/${card.expMonth}/${card.expYear}` : 'none';
}

/**
 * After a change pushed on the socket: is an attempt due (on, not paused, the new balance below the
 * threshold)? The balance is a bound on spendable credit, as the room's own check (worker/live/auto-topup-trigger.ts).
 */
export function attemptDue(view: AutoTopup | undefined, credits: number): boolean {
  return !!view && view.enabled && view.status === 'active' && credits < view.thresholdCredits;
}

/** Has an attempt settled since `before` was read (a newer last attempt, or the status moved)? */
export function attemptSettled(before: AutoTopup | undefined, after: AutoTopup): boolean {
  if (before && after.status !== before.status) return true;
  const last = after.lastAttempt;
  return !!last && last.outcome !== 'pending' && last.at !== before?.lastAttempt?.at;
}

export interface Refresher {
  /** Reads until `done` says the view is what we wait for, or the delays run out; a newer `until` replaces it. */
  until(done: (view: AutoTopup) => boolean): Promise<void>;
  /** One read now (a purchase, a reconnect: whatever changed, read it once); a loop waiting goes on. */
  once(): Promise<void>;
  /** Ends the loop and discards every read still in flight (a save just answered, or the page is gone). */
  stop(): void;
}

/**
 * One refresher per view. Reads are applied in the order they were started (an older answer arriving
 * late never replaces a newer one); a single read does not end a loop (the socket's first connect
 * reads once, while the loop after `?card=saved` still waits for the card). `wait` is the clock
 * (tests give their own).
 */
export function createRefresher(opts: {
  read: () => Promise<AutoTopup>;
  apply: (view: AutoTopup) => void;
  delays?: number[];
  wait?: (ms: number) => Promise<void>;
}): Refresher {
  const delays = opts.delays ?? REFRESH_DELAYS_MS;
  const wait = opts.wait ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  let loop = 0;
  let started = 0;
  let newestApplied = 0;
  const readAndApply = async (): Promise<AutoTopup | null> => {
    const mine = ++started;
    try {
      const view = await opts.read();
      if (mine > newestApplied) {
        newestApplied = mine;
        opts.apply(view);
      }
      return view;
    } catch {
      return null; // offline or signed out: the next read (or the page's own error) tells
    }
  };
  return {
    async until(done) {
      const mine = ++loop;
      for (const delay of delays) {
        await wait(delay);
        if (mine !== loop) return;
        const view = await readAndApply();
        if (mine !== loop || (view && done(view))) return;
      }
    },
    async once() {
      await readAndApply();
    },
    stop() {
      loop++;
      newestApplied = started;
    },
  };
}

const CARD_BEFORE_KEY = 'creditcast:topup-card-before';

/** Before leaving for the setup Checkout: which card was shown, so the return knows a new one from it. */
export function rememberCardBefore(view: AutoTopup | undefined, storage = globalThis.sessionStorage): void {
  try {
    storage?.setItem(CARD_BEFORE_KEY, cardKey(view));
  } catch {
    // Storage refused (private mode): the return then waits for any card at all.
  }
}

/** Back with `?card=saved`: the card shown before leaving (consumed), or 'none' if unknown. */
export function takeCardBefore(storage = globalThis.sessionStorage): string {
  try {
    const key = storage?.getItem(CARD_BEFORE_KEY) ?? 'none';
    storage?.removeItem(CARD_BEFORE_KEY);
    return key;
  } catch {
    return 'none';
  }
}
