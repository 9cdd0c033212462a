// The success page's data: feeds GET /api/checkout/{id} answers, live changes and a 1 s clock into the success state machine.
import { createEffect, createSignal, on, onCleanup, untrack } from 'solid-js';
import { ApiError, api } from '../../lib/api';
import { balance, type LiveChange, lastChange, onReconnect } from '../../lib/live-balance';
import { rememberShown, wasShown } from './payment-reference';
import { initialSuccessState, isPending, type SuccessEvent, type SuccessState, successReducer } from './success-state';

/** localStorage, or undefined where it is blocked (the page then relies on the credited time). */
function browserStorage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

/** Call inside a component: it owns timers and subscriptions until the page unmounts. */
export function createSuccessFlow(sessionId: string | undefined): () => SuccessState {
  const storage = browserStorage();
  const shownBefore = sessionId ? wasShown(storage, sessionId) : false;
  const [state, setState] = createSignal(initialSuccessState(sessionId, Date.now(), shownBefore));
  const send = (event: SuccessEvent) => setState((current) => successReducer(current, event));
  if (!sessionId) return state;

  // Once this browser has shown the credit, a reload says "already added" instead of replaying it.
  createEffect(() => {
    if (state().phase === 'credited') rememberShown(storage, sessionId);
  });

  // Asking the server is always safe: it answers from the ledger and, if the webhook has not come
  // yet, asks Stripe and fulfils a paid session itself. Answers may overlap; the reducer only moves forward.
  const check = async () => {
    if (!isPending(untrack(state))) return;
    try {
      const status = await api.checkoutStatus(sessionId);
      const { credits, balance, creditedAt } = status;
      send({ type: 'status', status: status.status, credits, balance, creditedAt });
    } catch (error) {
      send({ type: 'status_error', httpStatus: error instanceof ApiError ? error.status : 0 });
    }
  };
  const fromLive = (change: LiveChange): SuccessEvent => ({ type: 'live', ...change });

  void check();

  // The push for this session's purchase is the credit itself: no need to wait for another answer.
  const seen = untrack(lastChange); // it may have arrived before the page mounted
  if (seen) send(fromLive(seen));
  createEffect(on(lastChange, (change) => change && send(fromLive(change)), { defer: true }));

  // Any other balance movement (including a snapshot after reconnect, or a poll while the socket is
  // down) might be our credit without its reference: ask again. Queued so a matching push above is
  // applied first and makes the question unnecessary.
  createEffect(on(balance, () => queueMicrotask(() => void check()), { defer: true }));

  // A credit that committed while no socket listened is invisible to the push: re-ask on every connect.
  onCleanup(onReconnect(() => void check()));

  const timer = setInterval(() => send({ type: 'tick', now: Date.now() }), 1_000);
  onCleanup(() => clearInterval(timer));
  createEffect(() => {
    const current = state();
    if (!isPending(current)) clearInterval(timer);
  });

  // When the page admits it is slow, give the server one more chance to find the payment.
  createEffect(
    on(
      () => {
        const current = state();
        return current.phase === 'waiting' && current.slow;
      },
      (slow) => slow && void check(),
      { defer: true },
    ),
  );

  return state;
}
