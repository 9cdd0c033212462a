// The success page's state machine: status answers, live changes and clock ticks in, what to tell the user out. Pure, no I/O.
import type { CheckoutStatusName } from '../../lib/api';

/** After this long without a credit, the page says so plainly (and keeps listening). */
export const SLOW_AFTER_MS = 60_000;

/**
 * A credit older than this when the page opened is old news (a reload the next day, a bookmark):
 * the page says "already added" instead of celebrating it. Younger ones are the redirect from
 * Stripe racing the webhook, which is still this purchase's moment, unless this browser showed it.
 */
export const FRESH_CREDIT_MS = 10 * 60_000;

export type SuccessState =
  /**
   * Paid (Stripe sent the user here) but the credit is not committed yet. Never carries a balance.
   * `shownBefore`: this browser already showed this session's credit (a reload).
   */
  | { phase: 'waiting'; sessionId: string; startedAt: number; elapsedMs: number; slow: boolean; shownBefore: boolean }
  /** Async payment (bank transfer) not cleared yet. */
  | { phase: 'processing'; sessionId: string; startedAt: number; elapsedMs: number; shownBefore: boolean }
  /**
   * Committed: `balance` is the balance right after the credit, `credits` the pack's credits.
   * `already`: it landed before this visit (a reload, an old link): no "+1,000", no count-up.
   */
  | {
      phase: 'credited';
      sessionId: string;
      credits: number;
      balance: number;
      already: boolean;
      creditedAt: string | null;
    }
  | { phase: 'failed' | 'expired' | 'refunded' | 'not_found' | 'signed_out'; sessionId: string };

export type SuccessPhase = SuccessState['phase'];

export type SuccessEvent =
  /** A 200 from GET /api/checkout/{id}. */
  | { type: 'status'; status: CheckoutStatusName; credits: number; balance: number; creditedAt?: string | null }
  /** A non-2xx (or network failure, httpStatus 0) from the same call. */
  | { type: 'status_error'; httpStatus: number }
  /** A live balance message that carried a change. */
  | { type: 'live'; kind: string; reference: string; delta: number; credits: number }
  | { type: 'tick'; now: number };

export function initialSuccessState(sessionId: string | undefined, now: number, shownBefore = false): SuccessState {
  if (!sessionId) return { phase: 'not_found', sessionId: '' };
  return { phase: 'waiting', sessionId, startedAt: now, elapsedMs: 0, slow: false, shownBefore };
}

/** Old news: this browser showed it already, or it was credited well before the page opened. */
function isAlready(state: SuccessState, creditedAt: string | null): boolean {
  if (!isPending(state)) return false;
  if (state.shownBefore) return true;
  const at = creditedAt === null ? Number.NaN : Date.parse(creditedAt);
  return !Number.isNaN(at) && state.startedAt - at > FRESH_CREDIT_MS;
}

/** Still listening: the phases in which new information can change what the page says. */
export function isPending(state: SuccessState): state is Extract<SuccessState, { phase: 'waiting' | 'processing' }> {
  return state.phase === 'waiting' || state.phase === 'processing';
}

/**
 * Status answers can arrive out of order (a check started before a reconnect may answer after the
 * one started after it) and race the live push, so transitions only move forward:
 * waiting → processing → credited → refunded, or waiting/processing → failed/expired/not_found/signed_out (a 401).
 * A committed credit (status `credited` or a live purchase for this session) wins over everything
 * but a refund: the ledger holds it, whatever an earlier answer said.
 */
export function successReducer(state: SuccessState, event: SuccessEvent): SuccessState {
  const { sessionId } = state;
  switch (event.type) {
    case 'tick': {
      if (!isPending(state)) return state;
      const elapsedMs = Math.max(0, event.now - state.startedAt);
      if (state.phase === 'processing') return { ...state, elapsedMs };
      return { ...state, elapsedMs, slow: elapsedMs >= SLOW_AFTER_MS };
    }

    case 'live': {
      if (event.kind !== 'purchase' || event.reference !== sessionId || !sessionId) return state;
      if (state.phase === 'credited' || state.phase === 'refunded') return state;
      // A push is the credit happening now, while the page watches: never old news.
      return {
        phase: 'credited',
        sessionId,
        credits: event.delta,
        balance: event.credits,
        already: false,
        creditedAt: null,
      };
    }

    case 'status': {
      switch (event.status) {
        case 'credited': {
          if (state.phase === 'credited' || state.phase === 'refunded') return state;
          const creditedAt = event.creditedAt ?? null;
          const already = isAlready(state, creditedAt);
          return { phase: 'credited', sessionId, credits: event.credits, balance: event.balance, already, creditedAt };
        }
        case 'refunded':
          return state.phase === 'refunded' ? state : { phase: 'refunded', sessionId };
        case 'processing':
          if (state.phase === 'waiting') {
            const { startedAt, elapsedMs, shownBefore } = state;
            return { phase: 'processing', sessionId, startedAt, elapsedMs, shownBefore };
          }
          return state;
        case 'failed':
        case 'expired':
          return isPending(state) ? { phase: event.status, sessionId } : state;
        case 'open':
          return state;
      }
      return state;
    }

    case 'status_error': {
      if (!isPending(state)) return state;
      if (event.httpStatus === 404) return { phase: 'not_found', sessionId };
      if (event.httpStatus === 401) return { phase: 'signed_out', sessionId };
      // Network trouble or a 5xx: nothing is known to have changed; keep listening.
      return state;
    }
  }
}
