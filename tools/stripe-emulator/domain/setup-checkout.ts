// Checkout in setup mode: a session that saves a card (a SetupIntent) for later off-session charges, and completing it.

import { invalidRequest } from '../core/stripe-errors';
import { buildSetupIntent } from '../objects/intent-objects';
import { customerDetails } from '../objects/objects';
import { mergeMetadata } from '../params/form-values';
import type { CreateSessionParams } from '../params/params';
import type { EmulatorContext } from '../runtime/context';
import type { SessionRecord } from '../runtime/store';
import { attachCard, type SavedCardInput } from './saved-cards';
import { newSessionObject, sessionBasics } from './session-object';

/**
 * `mode=setup`: no line items and no amount; the SetupIntent exists from the start (`setup_intent`,
 * `requires_payment_method`), as with Stripe, and the card it saves is attached to `customer`.
 */
export function createSetupSession(ctx: EmulatorContext, params: CreateSessionParams): SessionRecord {
  if ((params.line_items ?? []).length > 0) {
    throw invalidRequest('You cannot pass `line_items` in `setup` mode.', { param: 'line_items' });
  }
  const basics = sessionBasics(ctx, params);
  const { customer } = basics;
  // Built (and `expires_at` checked) before the SetupIntent is stored, so a refused session leaves nothing behind.
  const session = newSessionObject(ctx, params, basics, {
    currency: params.currency ?? '',
    amountTotal: 0,
    mode: 'setup',
  });
  const { id } = session;
  const setupIntent = buildSetupIntent({
    customer: customer?.id ?? null,
    description: params.setup_intent_data?.description ?? null,
    metadata: mergeMetadata({}, params.setup_intent_data?.metadata),
    created: basics.created,
  });
  ctx.store.setupIntents.set(setupIntent.id, setupIntent);
  // What Stripe shows on a setup session: nothing to pay, no currency unless one was passed.
  Object.assign(session, {
    amount_subtotal: null,
    amount_total: null,
    currency: params.currency ?? null,
    customer_creation: null,
    payment_method_collection: 'always',
    payment_status: 'no_payment_required',
    setup_intent: setupIntent.id,
    total_details: null,
  });
  const record: SessionRecord = {
    session,
    lineItems: [],
    paymentIntentData: { metadata: {}, description: null },
    holdWebhooks: false,
  };
  ctx.store.sessions.set(id, record);
  ctx.log(`created ${id} (setup${customer ? ` for ${customer.id}` : ''})`);
  return record;
}

/**
 * Completes a setup session with the card the person entered: the card becomes a payment method attached
 * to the session's customer, the SetupIntent `succeeded` names it, then `setup_intent.succeeded` and
 * `checkout.session.completed` (with `setup_intent`). The customer's invoice default is left alone, as Stripe does.
 */
export function completeSetupSession(ctx: EmulatorContext, record: SessionRecord, card: SavedCardInput): void {
  const { session } = record;
  const customer = typeof session.customer === 'string' ? (ctx.store.customers.get(session.customer) ?? null) : null;
  const paymentMethod = attachCard(ctx, customer, card);
  const setupIntent = ctx.store.setupIntents.get(session.setup_intent as string);
  if (setupIntent) {
    setupIntent.status = 'succeeded';
    setupIntent.payment_method = paymentMethod.id;
    setupIntent.latest_attempt = null;
  }
  session.status = 'complete';
  session.customer_details = customerDetails(card.email, card.name);
  session.url = null;
  const scope = { sessionId: session.id, hold: record.holdWebhooks };
  ctx.log(`saved card …${card.method.last4} as ${paymentMethod.id} by ${session.id}`);
  if (setupIntent) ctx.webhooks.emit('setup_intent.succeeded', setupIntent, scope);
  ctx.webhooks.emit('checkout.session.completed', session, scope);
}
