import { describe, expect, it } from 'vitest';
import { RECONCILE_CRON } from '../../worker/cron';
import { type Account, api, balanceOf, expectLedgerConsistent, ledgerRows, runScheduled, signUp } from '../helpers';
import { checkoutRow, completed, deliver, dispute, emulator, event, type SeededCheckout } from '../stripe-helpers';

/** A real purchase on the emulator, paid with every webhook held back. */
async function paidWithoutWebhook(user: Account): Promise<SeededCheckout> {
  const created = await api('/api/checkout', { method: 'POST', cookie: user.cookie, body: { packId: 'starter' } });
  const { sessionId } = (await created.json()) as { sessionId: string };
  const paid = await emulator(`/_emulator/checkout/sessions/${sessionId}/pay`, {
    method: 'POST',
    body: JSON.stringify({ deliverWebhooks: false }),
  });
  expect(paid.status).toBe(200);
  const session = (await (await emulator(`/v1/checkout/sessions/${sessionId}`)).json()) as {
    payment_intent: string;
    amount_total: number;
  };
  return {
    sessionId,
    paymentIntent: session.payment_intent,
    chargeId: `ch_for_${session.payment_intent}`,
    credits: 1000,
    amount: session.amount_total,
    currency: 'usd',
  };
}

const refunded = (c: SeededCheckout, total: number) =>
  event('charge.refunded', {
    id: c.chargeId,
    object: 'charge',
    amount: c.amount,
    amount_refunded: total,
    currency: c.currency,
    payment_intent: c.paymentIntent,
  });

/** The ways a paid session gets credited after the fact. */
const paths = {
  'the late webhook': async (_user: Account, c: SeededCheckout) => {
    expect((await deliver(completed(c))).status).toBe(200);
  },
  "the success page's status call": async (user: Account, c: SeededCheckout) => {
    const res = await api(`/api/checkout/${c.sessionId}`, { cookie: user.cookie });
    expect(res.status).toBe(200);
  },
  'the reconciliation cron': async () => {
    await runScheduled(RECONCILE_CRON);
  },
};

/** Events that beat the credit, and the balance a 1,000-credit, $10 purchase must end at. */
const early: [string, (c: SeededCheckout) => unknown[], number][] = [
  ['a partial refund', (c) => [refunded(c, 250)], 750],
  ['a full refund', (c) => [refunded(c, 1000)], 0],
  ['a partial then a full refund, delivered newest first', (c) => [refunded(c, 1000), refunded(c, 400)], 0],
  ['an open dispute', (c) => [dispute('charge.dispute.created', c, `dp_${c.sessionId}`, 1000)], 0],
  [
    'a dispute closed as lost (its "created" never came)',
    (c) => [dispute('charge.dispute.closed', c, `dp_${c.sessionId}`, 1000, 'lost')],
    0,
  ],
  [
    'a dispute closed as won before "created"',
    (c) => [
      dispute('charge.dispute.closed', c, `dp_${c.sessionId}`, 1000, 'won'),
      dispute('charge.dispute.created', c, `dp_${c.sessionId}`, 1000),
    ],
    1000,
  ],
  [
    'a dispute opened then won',
    (c) => [
      dispute('charge.dispute.created', c, `dp_${c.sessionId}`, 600),
      dispute('charge.dispute.closed', c, `dp_${c.sessionId}`, 600, 'won'),
    ],
    1000,
  ],
];

describe.each(Object.entries(paths))('credited by %s', (_name, credit) => {
  it.each(early)('%s arriving first is applied with the credit', async (_label, events, expected) => {
    const user = await signUp();
    const c = await paidWithoutWebhook(user);
    for (const e of events(c)) expect((await deliver(e)).status).toBe(200);
    // Acknowledged and recorded, but nothing moved: there is nothing to claw back yet.
    expect(await balanceOf(user.id)).toEqual({ credits: 0, version: 0 });

    await credit(user, c);
    expect(await expectLedgerConsistent(user.id)).toBe(expected);
    const rows = await ledgerRows(user.id);
    expect(rows[0]).toMatchObject({ kind: 'purchase', delta: 1000 });
    expect(rows.reduce((s, r) => s + r.delta, 0)).toBe(expected);

    // Any later path, and every event again, changes nothing.
    for (const again of Object.values(paths)) await again(user, c);
    for (const e of events(c)) expect((await deliver(e)).status).toBe(200);
    expect(await expectLedgerConsistent(user.id)).toBe(expected);
    expect(await ledgerRows(user.id)).toHaveLength(rows.length);
  });
});

describe('a dispute opened before the credit and won after it', () => {
  it('nets to the full purchase', async () => {
    const user = await signUp();
    const c = await paidWithoutWebhook(user);
    await deliver(dispute('charge.dispute.created', c, 'dp_open_then_won', 1000));
    await deliver(completed(c));
    expect(await expectLedgerConsistent(user.id)).toBe(0);
    await deliver(dispute('charge.dispute.closed', c, 'dp_open_then_won', 1000, 'won'));
    expect(await expectLedgerConsistent(user.id)).toBe(1000);
    expect((await ledgerRows(user.id)).map((r) => r.kind)).toEqual(['purchase', 'dispute', 'dispute_reversal']);
  });
});

describe('a full refund before the credit', () => {
  it('leaves the session marked refunded and its lot empty', async () => {
    const user = await signUp();
    const c = await paidWithoutWebhook(user);
    await deliver(refunded(c, 1000));
    await deliver(completed(c));
    expect(await checkoutRow(c.sessionId)).toMatchObject({ status: 'refunded', amount_refunded: 1000 });
    const res = await api(`/api/checkout/${c.sessionId}`, { cookie: user.cookie });
    expect(await res.json()).toMatchObject({ status: 'refunded', balance: 0 });
  });
});
