// The views whose SQL names their fields (worker/db/dates.ts): each answers exactly its
// view, every field and no other (no paging rowid, no raw column), with its dates as ISO strings.
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { listConsoleEvents } from '../../worker/admin/events';
import { listAudit } from '../../worker/audit/log';
import { ignoreCommits } from '../../worker/ledger/commit';
import { createJob, listJobs, recordProgress } from '../../worker/studio/jobs';
import { subscriptionPicture } from '../../worker/subscriptions/picture';
import { listDeliveries } from '../../worker/webhooks/endpoints';
import { grantCredits, signUp, testDb } from '../helpers';

const T0 = Date.UTC(2026, 0, 2, 3, 4, 5, 6);
const iso = (ms: number) => new Date(ms).toISOString();
const run = (query: string, ...values: unknown[]) =>
  env.DB.prepare(query)
    .bind(...values)
    .run();

describe('views read straight from SQL', () => {
  it("a console event is its id, type, outcome, user, the user's email and an ISO date", async () => {
    const user = await signUp();
    await run(
      `INSERT INTO stripe_events (id, type, object_id, outcome, user_id, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
      `evt_view_${user.id}`,
      'charge.refunded',
      'ch_1',
      'applied',
      user.id,
      T0,
    );
    const { events, nextCursor } = await listConsoleEvents(testDb(), 10, { user: user.id });
    expect(events).toEqual([
      {
        id: `evt_view_${user.id}`,
        type: 'charge.refunded',
        outcome: 'applied',
        userId: user.id,
        email: user.email,
        createdAt: iso(T0),
      },
    ]);
    expect(nextCursor).toBeNull();
  });

  it('an audit entry names actor and target by email, parses its detail and dates it in ISO', async () => {
    const actor = await signUp();
    const target = await signUp();
    await run(
      `INSERT INTO audit_log (actor, action, target, detail, created_at) VALUES (?, ?, ?, ?, ?)`,
      actor.id,
      'credits.grant',
      target.id,
      JSON.stringify({ amount: 5, reason: 'why' }),
      T0,
    );
    const { entries } = await listAudit(testDb(), 1);
    expect(entries).toEqual([
      {
        id: expect.any(Number),
        actor: actor.id,
        actorEmail: actor.email,
        action: 'credits.grant',
        target: target.id,
        targetEmail: target.email,
        detail: { amount: 5, reason: 'why' },
        createdAt: iso(T0),
      },
    ]);
  });

  it("a subscription's invoices say whether they were granted, with ISO periods", async () => {
    const user = await signUp();
    const sub = `sub_view_${user.id}`;
    await run(
      `INSERT INTO subscriptions (id, user_id, plan_id, status, current_period_end, source_at, source_rank, updated_at)
       VALUES (?, ?, 'basic', 'active', ?, 0, 0, 0)`,
      sub,
      user.id,
      T0 + 2_000,
    );
    const invoice = `INSERT INTO subscription_invoices (id, user_id, subscription_id, plan_id, credits, amount, currency,
        period_start, period_end, payment_intent, entry_id, credits_clawed) VALUES (?, ?, ?, 'basic', 100, 900, 'usd', ?, ?, ?, ?, ?)`;
    await run(invoice, `in_a_${user.id}`, user.id, sub, T0, T0 + 1_000, 'pi_a', 7, 30);
    await run(invoice, `in_b_${user.id}`, user.id, sub, T0 + 1_000, T0 + 2_000, null, null, 0);
    const picture = await subscriptionPicture(testDb(), user.id);
    expect(picture?.invoices).toEqual([
      {
        id: `in_b_${user.id}`,
        planId: 'basic',
        credits: 100,
        amount: 900,
        currency: 'usd',
        periodStart: iso(T0 + 1_000),
        periodEnd: iso(T0 + 2_000),
        paymentIntent: null,
        granted: false,
        creditsClawed: 0,
      },
      {
        id: `in_a_${user.id}`,
        planId: 'basic',
        credits: 100,
        amount: 900,
        currency: 'usd',
        periodStart: iso(T0),
        periodEnd: iso(T0 + 1_000),
        paymentIntent: 'pi_a',
        granted: true,
        creditsClawed: 30,
      },
    ]);
  });

  it("an endpoint's delivery is its message id, type, attempt, status, response code and an ISO time", async () => {
    const user = await signUp();
    const endpoint = `we_view_${user.id}`;
    const eventId = crypto.randomUUID().replaceAll('-', '');
    await run(
      `INSERT INTO webhook_endpoints (id, url, secret, created_at) VALUES (?, 'https://example.com/hook', 'whsec_x', ?)`,
      endpoint,
      T0,
    );
    await run(
      `INSERT INTO webhook_events (id, dedupe_key, user_id, type, data, created_at) VALUES (?, ?, ?, 'credits.purchased', '{}', ?)`,
      eventId,
      `view:${user.id}`,
      user.id,
      T0,
    );
    const delivery = `INSERT INTO webhook_deliveries (endpoint_id, event_id, attempt, status, response_code, at)
      VALUES (?, ?, ?, ?, ?, ?)`;
    await run(delivery, endpoint, eventId, 1, 'failed', null, T0);
    await run(delivery, endpoint, eventId, 2, 'delivered', 200, T0 + 60_000);
    expect(await listDeliveries(testDb(), endpoint, null, 1)).toEqual({
      deliveries: [
        {
          messageId: `msg_${eventId}`,
          type: 'credits.purchased',
          attempt: 2,
          status: 'delivered',
          responseCode: 200,
          at: iso(T0 + 60_000),
        },
      ],
      nextCursor: expect.any(String),
    });
  });

  it("a render job is its view (the owner's id only where asked), dates in ISO, the same from every read", async () => {
    const user = await signUp();
    await grantCredits(user.id, 100);
    const t = Date.now();
    const input = { userId: user.id, prompt: 'a cat', seconds: 10, resolution: '720p', idempotencyKey: 'k' } as const;
    const created = await createJob(testDb(), ignoreCommits, input, t);
    if (created.outcome !== 'created') throw new Error(created.outcome);
    const job = {
      id: created.job.id,
      prompt: 'a cat',
      seconds: 10,
      resolution: '720p',
      maxCost: 40,
      status: 'queued',
      progress: 0,
      cost: null,
      error: null,
      holdId: created.hold.id,
      createdAt: new Date(t).toISOString(),
      updatedAt: new Date(t).toISOString(),
    };
    expect(created.job).toEqual({ ...job, userId: user.id });
    const reported = await recordProgress(testDb(), job.id, { status: 'rendering', progress: 40 }, t + 1_000);
    const rendering = { ...job, status: 'rendering', progress: 40, updatedAt: new Date(t + 1_000).toISOString() };
    expect(reported).toEqual({ job: rendering, userId: user.id, changed: true });
    expect(await listJobs(testDb(), user.id)).toEqual([rendering]);
  });
});
