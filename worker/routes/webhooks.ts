// POST /api/v1/webhooks/stripe: verify, fulfil once, acknowledge. Answers only after the credit
// is committed (Stripe's hosted Checkout can wait for this reply before redirecting); the live
// push runs in the background.
import { Hono } from 'hono/tiny';
import type { AppEnv } from '../env';
import { badRequest, notConfigured } from '../errors';
import { onCommitWithPushes, onSubscriptionFor } from '../live/publisher';
import { mailAboutEvent } from '../mail/notices';
import { limitBody, WEBHOOK_BODY_LIMIT } from '../middleware/body-limit';
import { handleStripeEvent } from '../settlement/stripe-events';
import { type Stripe, stripeClient, verifyStripeEvent } from '../stripe/client';
import { recordOutcome } from '../stripe/event-log';
import { processOnce } from '../stripe/event-memo';
import { isHandleableEvent } from '../stripe/event-schemas';

export const webhookRoutes = new Hono<AppEnv>().post('/stripe', limitBody(WEBHOOK_BODY_LIMIT), async (c) => {
  const started = performance.now();
  const secret = c.env.STRIPE_WEBHOOK_SECRET;
  // Never fall back to trusting an unsigned body.
  if (!secret) throw notConfigured('webhook_not_configured', 'The webhook secret is not configured.');
  const signature = c.req.header('stripe-signature');
  if (!signature) throw badRequest('missing_signature', 'The Stripe-Signature header is missing.');

  // The signature covers the exact bytes Stripe sent: read the raw text before anything parses it.
  const rawBody = await c.req.text();
  let event: Stripe.Event;
  try {
    event = await verifyStripeEvent(rawBody, signature, secret);
  } catch {
    throw badRequest('invalid_signature', 'The Stripe signature is invalid or too old.');
  }
  if (!isHandleableEvent(event))
    throw badRequest('invalid_event', 'The body is not a Stripe event, or its fields have the wrong types.');

  // Stripe is asked only about a refund of a payment we do not know yet (which invoice it paid), and by
  // the guards that refund a closed account's payment or a second subscription (subscriptions/guard.ts).
  const stripe = c.env.STRIPE_SECRET_KEY ? stripeClient(c.env) : undefined;
  const live = onCommitWithPushes(c);
  const { result, duplicate } = await processOnce(event.id, () =>
    handleStripeEvent(c.var.db, live.onCommit, event, Date.now(), stripe, onSubscriptionFor(c), {
      env: c.env,
      waitUntil: (p) => c.executionCtx.waitUntil(p),
    }),
  );
  // A duplicate applied nothing now: log it as such, not as the first delivery's credit.
  const entries = duplicate ? [] : result.entries;
  const entry = entries.at(-1);
  const delta = entries.reduce((sum, e) => sum + e.delta, 0);
  const line = JSON.stringify({
    msg: 'stripe_webhook',
    eventId: event.id,
    type: event.type,
    userId: result.userId ?? null,
    delta,
    balanceBefore: entry ? entry.balanceAfter - delta : null,
    balanceAfter: entry?.balanceAfter ?? null,
    outcome: duplicate ? 'duplicate' : result.outcome,
    ms: Math.round((performance.now() - started) * 10) / 10,
  });
  // Logged once the push is out, not before it: the user waits for the push, nobody waits for the
  // line (which costs wrangler dev's isolate about a millisecond: bench/RESULTS.md, row 2b).
  c.executionCtx.waitUntil(live.pushed().then(() => console.log(line)));
  if (!duplicate) c.executionCtx.waitUntil(recordOutcome(c.var.db, event.id, result.outcome, result.userId ?? null));
  // A failed renewal's notice, off the response path; claimed once per invoice, so a redelivery sends nothing more.
  if (event.type === 'invoice.payment_failed') c.executionCtx.waitUntil(mailAboutEvent(c.env, c.var.db, event));
  return c.json({ received: true });
});
