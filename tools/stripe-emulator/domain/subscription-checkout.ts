// Paying a subscription-mode Checkout Session: the customer keeps the card, the subscription starts, its first invoice is paid.

import { customerDetails, type PaymentMethodDetails } from '../objects/objects';
import type { EmulatorContext } from '../runtime/context';
import type { SessionRecord } from '../runtime/store';
import { createCustomer } from './catalog';
import { saveCard } from './saved-cards';
import { startSubscription } from './subscriptions';

/**
 * Completes a subscription-mode session: the customer (made now if the session named none) keeps the
 * card, the subscription starts and its first invoice is paid; `checkout.session.completed` comes last.
 */
export function startCheckoutSubscription(
  ctx: EmulatorContext,
  record: SessionRecord,
  card: { digits: string; method: Extract<PaymentMethodDetails, { type: 'card' }>; email: string; name: string | null },
): void {
  const { session } = record;
  const customer =
    (typeof session.customer === 'string' ? ctx.store.customers.get(session.customer) : undefined) ??
    createCustomer(ctx, { email: card.email, name: card.name ?? undefined });
  const paymentMethod = saveCard(ctx, customer, card);
  const price = record.lineItems[0]!.price!;
  const scope = { sessionId: session.id, hold: record.holdWebhooks };
  const { subscription, invoice } = startSubscription(
    ctx,
    { customer, price, metadata: record.subscriptionData?.metadata ?? {}, paymentMethod },
    scope,
  );
  session.customer = customer.id;
  session.subscription = subscription.id;
  session.invoice = invoice.id;
  session.status = 'complete';
  session.payment_status = 'paid';
  session.customer_details = customerDetails(card.email, card.name);
  session.url = null;
  ctx.log(`paid ${session.id} by card …${card.method.last4}: ${subscription.id}`);
  ctx.webhooks.emit('checkout.session.completed', session, scope);
}
