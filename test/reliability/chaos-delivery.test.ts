// Chaos delivery (docs/api.md "Stripe webhook": once per checkout session and once per event id,
// whatever the order or number of deliveries; 5xx only for the database, with nothing
// half-written). Stripe is played as badly as it is allowed to behave: every event three times,
// shuffled, 20 at a time, some under other event ids, a tenth of the deliveries hitting a
// database failure and coming back later, and copies landing on cold isolates (the webhook's
// per-isolate memo forgotten) so that D1's unique keys, not the memo, have to keep it exact.
import { env } from 'cloudflare:test';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PACKS } from '../../worker/billing/packs';
import { forgetProcessedEvents } from '../../worker/stripe/event-memo';
import { type Account, balanceOf, expectLedgerConsistent, ledgerRows, signUp } from '../helpers';
import {
  checkoutRow,
  checkoutSessionObject,
  completed,
  event,
  eventCount,
  type SeededCheckout,
  seedCheckout,
  signature,
} from '../stripe-helpers';
import {
  callApp,
  capturedLines,
  drain,
  envWithFailingDb,
  INTERNAL_ERROR,
  instrumentedDb,
  placeholders,
  prng,
  reliabilitySeed,
  replayHint,
  webhookRequest,
} from './support';

const USERS = 20;
const PURCHASES = 300;
const COPIES = 3;
const IN_FLIGHT = 20;
const FAILURE_RATE = 0.1;

/** The packs on sale plus a few odd prices and a second currency, so amounts differ per session. */
const CATALOGUE = [
  ...PACKS.map(({ credits, amount, currency }) => ({ credits, amount, currency })),
  { credits: 1, amount: 50, currency: 'usd' },
  { credits: 250_000, amount: 199_900, currency: 'usd' },
  { credits: 3_333, amount: 2_999, currency: 'eur' },
];

interface Purchase {
  user: Account;
  checkout: SeededCheckout;
}

/** Attempts per delivery before the test gives up (Stripe tries for three days). */
const MAX_ATTEMPTS = 12;

interface Delivery {
  eventId: string;
  type: string;
  sessionId: string;
  payload: string;
  /** How many attempts meet a database that is down before it is back. */
  failures: number;
  /** Per attempt: where its retry re-enters the queue (items ahead of it). */
  retryOffsets: number[];
  /**
   * Per attempt: whether it lands on a cold isolate. The webhook keeps a per-isolate memo of
   * events (worker/stripe/event-memo.ts); Stripe's copies land on many isolates, so forgetting
   * the memo sends a copy to D1, where only the unique keys stand between it and a double credit.
   */
  cold: boolean[];
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('chaos delivery of checkout.session.completed', () => {
  it('an injected database failure answers 500 and rolls the whole credit back; the retry credits once', async () => {
    const user = await signUp();
    const checkout = await seedCheckout(user.id);
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const payload = JSON.stringify(completed(checkout));

    const failed = await callApp(
      webhookRequest(payload, { 'stripe-signature': await signature(payload) }),
      envWithFailingDb(),
    );
    expect(failed.status).toBe(500);
    expect(await failed.json()).toEqual(INTERNAL_ERROR);
    expect(await balanceOf(user.id)).toEqual({ credits: 0, version: 0 });
    expect(await ledgerRows(user.id)).toEqual([]);
    expect(await eventCount(checkout.sessionId)).toBe(0);
    expect(await checkoutRow(checkout.sessionId)).toEqual({ status: 'open', amount_refunded: 0, payment_intent: null });

    const retried = await callApp(webhookRequest(payload, { 'stripe-signature': await signature(payload) }));
    expect(retried.status).toBe(200);
    expect(await expectLedgerConsistent(user.id)).toBe(1000);
    expect(await eventCount(checkout.sessionId)).toBe(1);
  });

  it(
    `${PURCHASES} purchases over ${USERS} users, each event ${COPIES}× shuffled and concurrent with a ${FAILURE_RATE * 100}% database failure rate, credit every purchase exactly once`,
    { timeout: 60_000 },
    async ({ onTestFailed }) => {
      const seed = reliabilitySeed();
      onTestFailed(() => console.error(replayHint('chaos-delivery.test.ts', seed)));
      const rng = prng(seed);

      // --- the shop: 20 buyers and 300 checkout rows, every buyer with at least one
      const users = await Promise.all(Array.from({ length: USERS }, () => signUp()));
      const purchases: Purchase[] = [];
      for (let i = 0; i < PURCHASES; i++) {
        const user = i < USERS ? users[i]! : rng.pick(users);
        purchases.push({ user, checkout: await seedCheckout(user.id, rng.pick(CATALOGUE)) });
      }

      // --- what Stripe sends: each event 3× under one id, and for some sessions another event id
      const deliveries: Delivery[] = [];
      const expectedEvents: { id: string; type: string; object_id: string }[] = [];
      const plan = (evt: { id: string; type: string }, sessionId: string, copies: number) => {
        expectedEvents.push({ id: evt.id, type: evt.type, object_id: sessionId });
        const payload = JSON.stringify(evt);
        for (let i = 0; i < copies; i++) {
          let failures = 0;
          while (failures < 4 && rng.chance(FAILURE_RATE)) failures++;
          const retryOffsets = Array.from({ length: MAX_ATTEMPTS }, () => rng.int(0, 60));
          const cold = Array.from({ length: MAX_ATTEMPTS }, () => rng.chance(0.2));
          deliveries.push({ eventId: evt.id, type: evt.type, sessionId, payload, failures, retryOffsets, cold });
        }
      };
      for (const { checkout } of purchases) {
        plan(completed(checkout), checkout.sessionId, COPIES);
        if (rng.chance(0.3)) {
          // The same session under a different event id: a second completion, or the async success.
          const other = rng.chance(0.5)
            ? completed(checkout)
            : event('checkout.session.async_payment_succeeded', checkoutSessionObject(checkout));
          plan(other, checkout.sessionId, rng.int(1, 2));
        }
      }
      rng.shuffle(deliveries);
      const injectedFailures = deliveries.reduce((n, d) => n + d.failures, 0);
      const eventIds = new Set(expectedEvents.map((e) => e.id));
      expect(eventIds.size).toBe(expectedEvents.length);
      expect(injectedFailures).toBeGreaterThan(0);

      // --- deliver, 20 in flight; a 5xx goes back into the queue, as Stripe retries later.
      // A request that reached the database must get the database's answer: 500 while it is down,
      // 200 once it is back. One that did not (the isolate's memo answered, or it shared a
      // concurrent delivery's run of the same event) may get either, and is retried on a 5xx.
      const logs = vi.spyOn(console, 'log').mockImplementation(() => {});
      const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
      const unexpected: string[] = [];
      const count = { ok: 0, failed: 0, reachedBrokenDb: 0, fromMemo: 0 };
      const queue = deliveries.map((delivery) => ({ delivery, attempt: 0 }));
      const started = performance.now();
      await drain(queue, IN_FLIGHT, async ({ delivery, attempt }) => {
        const down = attempt < delivery.failures;
        const db = instrumentedDb(down);
        if (delivery.cold[attempt]) forgetProcessedEvents();
        const request = webhookRequest(delivery.payload, { 'stripe-signature': await signature(delivery.payload) });
        const res = await callApp(request, { ...env, DB: db.db });
        const body = await res.text();
        const reached = db.batches() > 0;
        const what = `${delivery.eventId} attempt ${attempt} (db ${down ? 'down' : 'up'}, ${reached ? 'reached D1' : 'memo'})`;
        if (!reached) count.fromMemo++;
        if (res.status === 200 && body === '{"received":true}' && !(reached && down)) {
          count.ok++;
          return;
        }
        if (res.status === 500 && body === JSON.stringify(INTERNAL_ERROR) && !(reached && !down)) {
          count.failed++;
          if (reached) count.reachedBrokenDb++;
          if (attempt + 1 >= MAX_ATTEMPTS) unexpected.push(`${what}: still failing`);
          else
            queue.splice(Math.min(queue.length, delivery.retryOffsets[attempt]!), 0, {
              delivery,
              attempt: attempt + 1,
            });
          return;
        }
        unexpected.push(`${what}: ${res.status} ${body}`);
      });
      const elapsedMs = performance.now() - started;
      const logLines = capturedLines(logs.mock.calls);
      const errorLines = capturedLines(errors.mock.calls);
      logs.mockRestore();
      errors.mockRestore();

      expect(unexpected).toEqual([]);
      expect(count.ok).toBe(deliveries.length);
      expect(count.reachedBrokenDb).toBeGreaterThan(0);
      console.info(
        `chaos: seed ${seed}, ${deliveries.length} deliveries, ${count.failed} answered 5xx ` +
          `(${count.reachedBrokenDb} on a broken D1, ${injectedFailures} planned), ${count.fromMemo} from the memo, ${Math.round(elapsedMs)} ms`,
      );

      // --- the Worker's own account of it: one credit per session, everything else a duplicate
      const webhookLines = logLines
        .filter((line) => line.includes('"stripe_webhook"'))
        .map((line) => JSON.parse(line) as { eventId: string; outcome: string; delta: number });
      const ours = webhookLines.filter((l) => eventIds.has(l.eventId));
      expect(ours).toHaveLength(deliveries.length);
      const sessionOf = new Map(expectedEvents.map((e) => [e.id, e.object_id]));
      const creditedSessions = ours.filter((l) => l.outcome === 'credited').map((l) => sessionOf.get(l.eventId));
      expect(creditedSessions.sort()).toEqual(purchases.map((p) => p.checkout.sessionId).sort());
      expect(ours.filter((l) => l.outcome !== 'credited').map((l) => [l.outcome, l.delta])).toEqual(
        Array(deliveries.length - PURCHASES).fill(['duplicate', 0]),
      );
      const failureLines = errorLines.filter((l) => l.includes('"unhandled_error"'));
      expect(failureLines).toHaveLength(count.failed);

      // --- balances: exactly the credits of each user's own purchases, and the ledger sums to them
      const userIds = users.map((u) => u.id);
      for (const user of users) {
        const own = purchases.filter((p) => p.user.id === user.id);
        const credits = own.reduce((sum, p) => sum + p.checkout.credits, 0);
        expect(await balanceOf(user.id), user.id).toEqual({ credits, version: own.length });
        expect(await expectLedgerConsistent(user.id)).toBe(credits);
        const rows = await ledgerRows(user.id);
        expect(rows.map((r) => [r.kind, r.reference, r.delta]).sort()).toEqual(
          own.map((p) => ['purchase', p.checkout.sessionId, p.checkout.credits]).sort(),
        );
        // The live room saw every version and ends on the final balance (stale pushes are dropped).
        const room = env.BALANCE_ROOM.get(env.BALANCE_ROOM.idFromName(user.id));
        expect(await room.latest()).toMatchObject({ credits, version: own.length });
      }

      // --- ledger and event record agree, both ways
      const inUsers = `IN (${placeholders(userIds.length)})`;
      const creditsWithoutEvent = await env.DB.prepare(
        `SELECT le.reference FROM ledger_entries le
       WHERE le.user_id ${inUsers} AND le.kind = 'purchase'
         AND NOT EXISTS (SELECT 1 FROM stripe_events se WHERE se.object_id = le.reference)`,
      )
        .bind(...userIds)
        .all();
      expect(creditsWithoutEvent.results).toEqual([]);
      const eventsWithoutCredit = await env.DB.prepare(
        `SELECT se.id FROM stripe_events se JOIN checkout_sessions cs ON cs.id = se.object_id
       WHERE cs.user_id ${inUsers} AND se.type = 'checkout.session.completed'
         AND NOT EXISTS (SELECT 1 FROM ledger_entries le
                         WHERE le.kind = 'purchase' AND le.reference = se.object_id AND le.user_id = cs.user_id)`,
      )
        .bind(...userIds)
        .all();
      expect(eventsWithoutCredit.results).toEqual([]);
      const recorded = await env.DB.prepare(
        `SELECT se.id, se.type, se.object_id FROM stripe_events se JOIN checkout_sessions cs ON cs.id = se.object_id
       WHERE cs.user_id ${inUsers}`,
      )
        .bind(...userIds)
        .all<{ id: string; type: string; object_id: string }>();
      const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
      expect(recorded.results.sort(byId)).toEqual(expectedEvents.sort(byId));

      // --- every session settled as credited, with Stripe's payment intent
      const sessions = await env.DB.prepare(
        `SELECT id, status, payment_intent, amount_refunded FROM checkout_sessions WHERE user_id ${inUsers} ORDER BY id`,
      )
        .bind(...userIds)
        .all();
      expect(sessions.results).toEqual(
        purchases
          .map((p) => ({
            id: p.checkout.sessionId,
            status: 'credited',
            payment_intent: p.checkout.paymentIntent,
            amount_refunded: 0,
          }))
          .sort(byId),
      );
    },
  );
});
