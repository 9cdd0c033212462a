// Bank transfers that settle later: each is a PendingSettlement in the store, so a restart settles it when due.

import { unixNow } from '../objects/objects';
import type { EmulatorContext } from '../runtime/context';
import type { PendingSettlement } from '../runtime/store';
import { recordCharge } from './charges';

/** Records the settlement as due and starts its timer. */
export function scheduleSettlement(ctx: EmulatorContext, pending: PendingSettlement): void {
  ctx.store.pendingSettlements.set(pending.paymentIntentId, pending);
  ctx.changed();
  startTimer(ctx, pending);
}

/** After a restart: starts the timers of the settlements the saved state still holds; returns how many. */
export function resumeSettlements(ctx: EmulatorContext): number {
  for (const pending of ctx.store.pendingSettlements.values()) startTimer(ctx, pending);
  return ctx.store.pendingSettlements.size;
}

function startTimer(ctx: EmulatorContext, pending: PendingSettlement): void {
  ctx.scheduler.after(
    pending.dueAt - Date.now(),
    () => settle(ctx, pending),
    (error) => ctx.log(`bank transfer settlement failed unexpectedly: ${String(error)}`),
  );
}

function settle(ctx: EmulatorContext, pending: PendingSettlement): void {
  // Gone after a reset (the timer is cancelled too, but a stale one must not settle anything).
  if (ctx.store.pendingSettlements.get(pending.paymentIntentId) !== pending) return;
  ctx.store.pendingSettlements.delete(pending.paymentIntentId);
  ctx.changed();
  const record = ctx.store.sessions.get(pending.sessionId);
  const paymentIntent = ctx.store.paymentIntents.get(pending.paymentIntentId);
  if (!record || !paymentIntent) return;
  const { session } = record;
  if (pending.outcome === 'succeeded') {
    paymentIntent.status = 'succeeded';
    paymentIntent.amount_received = paymentIntent.amount;
    recordCharge(ctx, paymentIntent, { type: 'customer_balance' }, pending.email, pending.name, unixNow());
    session.payment_status = 'paid';
    ctx.log(`bank transfer for ${session.id} arrived`);
    ctx.webhooks.emit('checkout.session.async_payment_succeeded', session, {
      sessionId: session.id,
      hold: record.holdWebhooks,
    });
    return;
  }
  paymentIntent.status = 'requires_payment_method';
  paymentIntent.last_payment_error = {
    type: 'invalid_request_error',
    code: 'payment_method_customer_decline',
    message: 'The bank transfer did not arrive.',
    payment_method_type: 'customer_balance',
  };
  ctx.log(`bank transfer for ${session.id} failed`);
  ctx.webhooks.emit('checkout.session.async_payment_failed', session, {
    sessionId: session.id,
    hold: record.holdWebhooks,
  });
}
