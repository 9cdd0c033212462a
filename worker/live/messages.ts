// Turns what the ledger committed into the live messages a user's sockets receive: one per entry,
// in order, each with that entry's balance and version and the user's held/expiring after the batch;
// and a user's stored subscription into its message.
import type { Committed } from '../ledger/commit';
import type { AccountState } from '../ledger/state';
import type { BalanceMessage, SubscriptionMessage, SubscriptionView } from './protocol';

export interface UserUpdate {
  userId: string;
  messages: BalanceMessage[];
  /** When the user's BalanceRoom must next wake to sweep (a lot or hold expiring), if ever. */
  nextDeadline: number | null;
}

export function updatesFor(committed: Committed): UserUpdate[] {
  return committed.states.map((state) => ({
    userId: state.userId,
    nextDeadline: state.nextDeadline,
    messages: committed.entries
      .filter((e) => e.userId === state.userId)
      .map((e) => ({
        type: 'balance',
        credits: e.balanceAfter,
        held: state.held,
        expiring: state.expiring,
        version: e.version,
        change: { kind: e.change, delta: e.delta, reference: e.reference },
      })),
  }));
}

/** The snapshot a socket starts from (no `change`). */
export function snapshotOf(state: Omit<AccountState, 'userId' | 'nextDeadline'>): BalanceMessage {
  return {
    type: 'balance',
    credits: state.credits,
    held: state.held,
    expiring: state.expiring,
    version: state.version,
  };
}

/** What a user's sockets receive after their subscription's stored state changed. */
export function subscriptionMessage(subscription: SubscriptionView | null): SubscriptionMessage {
  return { type: 'subscription', subscription };
}
