// Auto top-up against the Stripe emulator: the card saved by a setup Checkout (or a pack paid with
// "save my card"), the off-session charge started by the user's BalanceRoom after concurrent
// spends, and the outcomes — credit once, decline ×3, authentication — with time injected.
import { describe, expect, it } from 'vitest';
import { runAutoTopup } from '../../worker/autotopup/charge';
import { readAutoTopup, updateAutoTopup } from '../../worker/autotopup/settings';
import { ignoreCommits } from '../../worker/ledger/commit';
import { spend } from '../../worker/ledger/spending';
import { type Account, api, balanceOf, expectLedgerConsistent } from '../helpers';
import { connect } from '../live-socket';
import { deliver, emulator, event } from '../stripe-helpers';
import { attemptsOf, cardBehavesAs, cardUser, db, intentsOf, putSettings, stripe, topupCredits } from './support';

const ON = { enabled: true, thresholdCredits: 100, packId: 'starter', monthlyLimitCents: 5_000 };

describe('auto top-up on the emulator', () => {
  it('saves the card of a setup Checkout and shows it; enabling needs it', async () => {
    const { signUp } = await import('../helpers');
    const bare = await signUp();
    const refused = await putSettings(bare, {});
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ error: { code: 'needs_card' } });
    const user = await cardUser(0);
    const before = (await (await api('/api/auto-topup', { cookie: user.cookie })).json()) as Record<string, unknown>;
    expect(before).toMatchObject({
      enabled: false,
      status: 'off',
      card: { brand: 'visa', last4: '4242' },
      lastAttempt: null,
      chargedThisMonthCents: 0,
    });
    const res = await putSettings(user, { thresholdCredits: 200 });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ enabled: true, status: 'active', thresholdCredits: 200 });
  });

  it('50 concurrent spends crossing the threshold start exactly one PaymentIntent and one credit, pushed live', async () => {
    const user = await cardUser(1_000);
    expect((await putSettings(user, { thresholdCredits: 500 })).status).toBe(200);
    const socket = await connect(user);
    await socket.waitFor(1);
    const spends = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        api('/api/credits/spend', {
          method: 'POST',
          cookie: user.cookie,
          body: { amount: 20, reason: 'render', idempotencyKey: `race-${i}` },
        }),
      ),
    );
    expect(spends.map((r) => r.status)).toEqual(Array(50).fill(200));
    // The top-up's credit arrives on the socket like any purchase.
    const deadline = Date.now() + 10_000;
    while (!socket.messages().some((m) => m.change?.kind === 'purchase')) {
      if (Date.now() > deadline) throw new Error(`no top-up pushed: ${JSON.stringify(socket.messages().at(-1))}`);
      await new Promise((r) => setTimeout(r, 10));
    }
    const intents = await intentsOf(user.id);
    expect(intents.size).toBe(1);
    const [pi] = [...intents];
    expect(await topupCredits(user.id)).toEqual([{ delta: 1_000, reference: pi }]);
    expect(await attemptsOf(user.id)).toMatchObject([{ status: 'succeeded', payment_intent_id: pi }]);
    // Stripe's own webhook for it, late: nothing more.
    const { events } = (await (await emulator('/_emulator/events?type=payment_intent.succeeded')).json()) as {
      events: { data: { object: { id: string } } }[];
    };
    const succeeded = events.find((e) => e.data.object.id === pi);
    expect(succeeded).toBeDefined();
    expect((await deliver(succeeded)).status).toBe(200);
    expect((await balanceOf(user.id)).credits).toBe(1_000);
    await expectLedgerConsistent(user.id);
    socket.ws.close();
  });

  it('declines: exactly 3 PaymentIntents however many spends, then paused_declined', async () => {
    const user = await cardUser(120);
    expect((await updateAutoTopup(db, user.id, ON, Date.now())).outcome).toBe('updated');
    await cardBehavesAs(user.id, '4000000000000002');
    const start = Date.now() + 1_000;
    for (let i = 0; i < 12; i++) {
      const now = start + i * 25 * 60_000; // every 25 minutes, for 5 hours
      await spend(db, ignoreCommits, { userId: user.id, amount: 5, reason: 'render', idempotencyKey: `d-${i}` }, now);
      await runAutoTopup(db, stripe(), ignoreCommits, user.id, now);
    }
    expect((await intentsOf(user.id)).size).toBe(3);
    expect((await attemptsOf(user.id)).map((a) => [a.status, a.failure_code])).toEqual(
      Array(3).fill(['failed', 'card_declined']),
    );
    expect((await readAutoTopup(db, user.id, start)).status).toBe('paused_declined');
    expect((await balanceOf(user.id)).credits).toBe(120 - 60);
  });

  it('authentication_required pauses after exactly one PaymentIntent', async () => {
    const user = await cardUser(0);
    await cardBehavesAs(user.id, '4000002760003184');
    // Saved without telling the room: this test drives the runs itself, on its own clock.
    const saved = await updateAutoTopup(db, user.id, ON, Date.now());
    expect(saved.outcome).toBe('updated');
    const now = Date.now() + 1_000;
    for (let i = 0; i < 5; i++) await runAutoTopup(db, stripe(), ignoreCommits, user.id, now + i * 2 * 3_600_000);
    expect((await intentsOf(user.id)).size).toBe(1);
    const view = await readAutoTopup(db, user.id, now);
    expect(view).toMatchObject({
      status: 'paused_authentication',
      lastAttempt: { message: 'authentication_required' },
    });
    expect((await balanceOf(user.id)).credits).toBe(0);
    // The site offers the pack on-session, saving the card again: that ends the pause.
    await buyWithSaveCard(user);
    expect((await readAutoTopup(db, user.id, Date.now())).status).toBe('active');
  });

  it('saves the card a pack was paid with when asked (saveCard)', async () => {
    const { signUp } = await import('../helpers');
    const user = await signUp();
    await buyWithSaveCard(user);
    expect((await balanceOf(user.id)).credits).toBe(1_000);
    expect((await readAutoTopup(db, user.id, Date.now())).card).toMatchObject({ brand: 'visa', last4: '4242' });
  });
});

/** Buys Starter through Checkout with `saveCard`, paid on the emulator, its completion delivered. */
async function buyWithSaveCard(user: Account) {
  const res = await api('/api/checkout', {
    method: 'POST',
    cookie: user.cookie,
    body: { packId: 'starter', saveCard: true },
  });
  expect(res.status).toBe(201);
  const { sessionId } = (await res.json()) as { sessionId: string };
  const paid = await emulator(`/_emulator/checkout/sessions/${sessionId}/pay`, {
    method: 'POST',
    body: JSON.stringify({ card: '4242424242424242', deliverWebhooks: false }),
  });
  expect(paid.status).toBe(200);
  const session = (await paid.json()) as Record<string, unknown>;
  expect((await deliver(event('checkout.session.completed', session))).status).toBe(200);
}
