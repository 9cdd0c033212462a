// Refunds and disputes of an auto top-up's charge claw back like a pack's: in proportion, once per
// refunded delta or dispute, a won dispute given back, and a refund that beats the credit applied by it.
import { describe, expect, it } from 'vitest';
import { startAttempt } from '../../worker/autotopup/attempts';
import { settleSucceeded } from '../../worker/autotopup/settle';
import { ignoreCommits } from '../../worker/ledger/commit';
import { balanceOf, expectLedgerConsistent, ledgerRows } from '../helpers';
import { deliver, event } from '../stripe-helpers';
import { db, piId, topupUser } from './support';

async function toppedUp(credits = 0) {
  const user = await topupUser({ credits });
  const started = await startAttempt(db, user.id, Date.now());
  if (started.outcome !== 'started') throw new Error(started.outcome);
  const pi = piId();
  return { user, pi, attemptId: started.attempt.id };
}

const credit = (pi: string, attemptId: string) =>
  settleSucceeded(db, ignoreCommits, { id: pi, amount: 1_000, currency: 'usd', attemptId }, undefined, Date.now());

const refunded = (pi: string, amountRefunded: number) =>
  event('charge.refunded', {
    id: `ch_${pi}`,
    object: 'charge',
    amount: 1_000,
    amount_refunded: amountRefunded,
    currency: 'usd',
    payment_intent: pi,
  });

const disputed = (type: 'charge.dispute.created' | 'charge.dispute.closed', pi: string, id: string, status: string) =>
  event(type, {
    id,
    object: 'dispute',
    amount: 1_000,
    currency: 'usd',
    charge: `ch_${pi}`,
    payment_intent: pi,
    status,
  });

describe('refunds and disputes of an auto top-up', () => {
  it('a partial then a full refund claw back the difference each time, once', async () => {
    const { user, pi, attemptId } = await toppedUp(50);
    await credit(pi, attemptId);
    expect((await balanceOf(user.id)).credits).toBe(1_050);
    await deliver(refunded(pi, 400));
    await deliver(refunded(pi, 400));
    expect((await balanceOf(user.id)).credits).toBe(650);
    await deliver(refunded(pi, 1_000));
    await deliver(refunded(pi, 400)); // late and older: nothing
    expect((await balanceOf(user.id)).credits).toBe(50);
    const refunds = (await ledgerRows(user.id)).filter((r) => r.kind === 'refund');
    expect(refunds.map((r) => [r.delta, r.reference])).toEqual([
      [-400, pi],
      [-600, pi],
    ]);
    await expectLedgerConsistent(user.id);
  });

  it('a refund that arrives before the credit is applied with it', async () => {
    const { user, pi, attemptId } = await toppedUp(0);
    // The attempt knows its PaymentIntent before the refund arrives only through the credit: bind it first.
    await deliver(refunded(pi, 1_000));
    await credit(pi, attemptId);
    expect((await balanceOf(user.id)).credits).toBe(0);
    expect((await ledgerRows(user.id)).map((r) => r.kind).sort()).toEqual(['purchase', 'refund']);
  });

  it('a dispute claws back (debt if spent) and a won dispute gives it back, in either order', async () => {
    const { user, pi, attemptId } = await toppedUp(0);
    await credit(pi, attemptId);
    await deliver(disputed('charge.dispute.created', pi, `dp_${pi}`, 'needs_response'));
    await deliver(disputed('charge.dispute.created', pi, `dp_${pi}`, 'needs_response'));
    expect((await balanceOf(user.id)).credits).toBe(0);
    await deliver(disputed('charge.dispute.closed', pi, `dp_${pi}`, 'won'));
    expect((await balanceOf(user.id)).credits).toBe(1_000);

    const second = await toppedUp(0);
    await credit(second.pi, second.attemptId);
    await deliver(disputed('charge.dispute.closed', second.pi, `dp_${second.pi}`, 'won'));
    await deliver(disputed('charge.dispute.created', second.pi, `dp_${second.pi}`, 'needs_response'));
    expect((await balanceOf(second.user.id)).credits).toBe(1_000);
    await expectLedgerConsistent(second.user.id);
  });
});
