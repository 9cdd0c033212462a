// Runs the model test's steps against the real ledger and the model side by side: each step is
// made concrete once (keys, amounts, events, holds), so a replay repeats exactly the same call, and
// each call's outcome must be the one the model predicts.
import { expect } from 'vitest';
import { fulfilCheckoutSession, type SessionSnapshot } from '../../worker/billing/fulfilment';
import { ignoreCommits } from '../../worker/ledger/commit';
import { sweepDue, sweepUser } from '../../worker/ledger/expiry';
import { captureHold, extendHold, releaseHold, reserveHold } from '../../worker/ledger/holds';
import { debit, grant, spend } from '../../worker/ledger/spending';
import { handleStripeEvent } from '../../worker/settlement/stripe-events';
import type { Stripe } from '../../worker/stripe/client';
import { testDb } from '../helpers';
import { chargeRefunded, completed, dispute, type SeededCheckout, seedCheckout } from '../stripe-helpers';
import { LedgerModel, type MPurchase } from './model';
import type { Amount, Pack, Step } from './model-steps';

const db = testDb();
/** The virtual clock's start: far from the real one, so no other test's sweep touches these lots. */
export const START = Date.UTC(2041, 0, 1);

interface Slot {
  c: SeededCheckout;
  m: MPurchase;
  disputeId: string;
  pack: Pack;
}

/** A step made concrete (keys, amounts, events fixed), so a replay repeats exactly the same call. */
type Action = { label: string; run: () => Promise<void> };

/** One generated sequence against one fresh user. */
export class Run {
  model = new LedgerModel();
  now = START;
  slots: (Slot | undefined)[] = [];
  done: (Action | null)[] = [];
  log: string[] = [];

  constructor(
    readonly userId: string,
    readonly packs: Pack[],
  ) {}

  async slot(i: number): Promise<Slot> {
    const pack = this.packs[i]!;
    this.slots[i] ??= {
      c: await seedCheckout(this.userId, { credits: pack.credits, amount: pack.amount }),
      m: { credits: pack.credits, amount: pack.amount, lot: null, refunded: 0, clawedFor: 0, dispute: null },
      disputeId: `du_${crypto.randomUUID().replaceAll('-', '')}`,
      pack,
    };
    return this.slots[i]!;
  }

  resolve(a: Amount): number {
    const spendable = this.model.spendable(this.now);
    const n: Record<Amount['of'], () => number> = {
      spendable: () => spendable,
      over: () => spendable + 1,
      balance: () => this.model.balance,
      frac: () => Math.round(spendable * ('frac' in a ? a.frac : 0)),
      fixed: () => ('n' in a ? a.n : 0),
    };
    return Math.max(n[a.of](), 1);
  }

  hold(i: number) {
    return this.model.holds.length === 0 ? undefined : this.model.holds[i % this.model.holds.length];
  }

  async event(e: ReturnType<typeof completed>) {
    return handleStripeEvent(db, ignoreCommits, e as unknown as Stripe.Event, this.now);
  }

  /** The concrete action for a step (null: nothing to repeat). */
  async action(step: Step, index: number): Promise<Action | null> {
    const m = this.model;
    switch (step.t) {
      case 'buy': {
        const s = await this.slot(step.slot);
        const e = completed(s.c);
        // The webhook's event, or the success page's / cron's own look at the session.
        const credit = () =>
          step.viaEvent
            ? this.event(e)
            : fulfilCheckoutSession(
                db,
                ignoreCommits,
                e.data.object as unknown as SessionSnapshot,
                undefined,
                this.now,
              );
        return {
          label: `buy slot ${step.slot} (${s.pack.credits} credits) via ${step.viaEvent ? 'event' : 'session'}`,
          run: async () => expect((await credit()).outcome).toBe(m.purchase(s.c.sessionId, s.m)),
        };
      }
      case 'grant': {
        const input = {
          userId: this.userId,
          amount: step.amount,
          reason: 'model',
          idempotencyKey: `g${step.key}`,
          expiresAt: step.expiresIn === null ? null : this.now + step.expiresIn,
        };
        return {
          label: `grant ${input.amount} key ${input.idempotencyKey} expiring ${step.expiresIn === null ? 'never' : `+${step.expiresIn}`}`,
          run: async () =>
            expect((await grant(db, ignoreCommits, input, this.now)).outcome).toBe(
              m.grant(input.idempotencyKey, input.amount, input.expiresAt),
            ),
        };
      }
      case 'spend': {
        const input = {
          userId: this.userId,
          amount: this.resolve(step.amount),
          reason: 'model',
          idempotencyKey: `s${step.key}`,
        };
        return {
          label: `spend ${input.amount} key ${input.idempotencyKey}`,
          run: async () =>
            expect((await spend(db, ignoreCommits, input, this.now)).outcome).toBe(
              m.spend(input.idempotencyKey, input.amount, this.now),
            ),
        };
      }
      case 'adjust': {
        const input = {
          userId: this.userId,
          amount: this.resolve(step.amount),
          reason: 'model',
          idempotencyKey: `a${step.key}`,
        };
        return {
          label: `adjust -${input.amount} key ${input.idempotencyKey}`,
          run: async () =>
            expect((await debit(db, ignoreCommits, input, this.now)).outcome).toBe(
              m.adjust(input.idempotencyKey, input.amount),
            ),
        };
      }
      case 'reserve': {
        const input = {
          userId: this.userId,
          amount: this.resolve(step.amount),
          reason: 'model',
          idempotencyKey: `h${step.key}`,
          ttlSeconds: step.ttl,
        };
        return {
          label: `reserve ${input.amount} key ${input.idempotencyKey} ttl ${input.ttlSeconds}`,
          run: async () => {
            const got = await reserveHold(db, ignoreCommits, input, this.now);
            const holdId = () => ('hold' in got ? got.hold.id : undefined);
            expect(got.outcome).toBe(m.reserve(input.idempotencyKey, input.amount, input.ttlSeconds, this.now, holdId));
          },
        };
      }
      case 'capture': {
        const hold = this.hold(step.hold);
        const amount = hold ? (step.over ? hold.amount + 1 : Math.round(hold.amount * step.frac)) : 1;
        const holdId = hold?.id ?? `hold_${'0'.repeat(32)}`;
        return {
          label: `capture ${amount} of ${holdId}`,
          run: async () =>
            expect(
              (await captureHold(db, ignoreCommits, { userId: this.userId, holdId, amount }, this.now)).outcome,
            ).toBe(m.capture(hold, amount, this.now)),
        };
      }
      case 'release': {
        const hold = this.hold(step.hold);
        const holdId = hold?.id ?? `hold_${'0'.repeat(32)}`;
        return {
          label: `release ${holdId}`,
          run: async () =>
            expect((await releaseHold(db, ignoreCommits, { userId: this.userId, holdId }, this.now)).outcome).toBe(
              m.release(hold, this.now),
            ),
        };
      }
      case 'extend': {
        const hold = this.hold(step.hold);
        const holdId = hold?.id ?? `hold_${'0'.repeat(32)}`;
        return {
          label: `extend ${holdId} by ${step.ttl}s`,
          run: async () => {
            const got = await extendHold(db, { userId: this.userId, holdId, ttlSeconds: step.ttl }, this.now);
            expect(got.outcome).toBe(m.extend(hold, step.ttl, this.now));
          },
        };
      }
      case 'refund': {
        const s = await this.slot(step.slot);
        const total = Math.max(1, Math.round(s.c.amount * step.frac));
        const e = chargeRefunded(s.c, total);
        return {
          label: `charge.refunded slot ${step.slot}: ${total} of ${s.c.amount}`,
          run: async () => {
            await this.event(e);
            m.refund(s.m, total);
          },
        };
      }
      case 'dispute': {
        const s = await this.slot(step.slot);
        const amount = Math.max(1, Math.round(s.c.amount * s.pack.disputed));
        const won = step.closed && s.pack.won;
        const type = step.closed ? 'charge.dispute.closed' : 'charge.dispute.created';
        const e = dispute(type, s.c, s.disputeId, amount, step.closed ? (won ? 'won' : 'lost') : 'needs_response');
        return {
          label: `${type} slot ${step.slot}: ${amount} of ${s.c.amount}${step.closed ? (won ? ' won' : ' lost') : ''}`,
          run: async () => {
            await this.event(e);
            m.dispute(s.m, s.disputeId, amount, won);
          },
        };
      }
      case 'replay': {
        const earlier = index === 0 ? null : this.done[index - 1 - (step.back % index)];
        return earlier ? { label: `replay: ${earlier.label}`, run: earlier.run } : null;
      }
      case 'sweep':
        return {
          label: `sweep by the ${step.by}`,
          run: async () => {
            if (step.by === 'alarm') await sweepUser(db, ignoreCommits, this.userId, this.now);
            else await sweepDue(db, ignoreCommits, this.now);
            m.sweep(this.now, step.by);
          },
        };
      case 'clock': {
        const next = this.nextDeadline();
        const to =
          typeof step.by === 'number' || next === null
            ? this.now + (typeof step.by === 'number' ? step.by : 60_000)
            : next + (step.by === 'deadline-1' ? -1 : step.by === 'deadline' ? 0 : 1);
        this.now = Math.max(this.now, to);
        this.log.push(`${index}: clock → +${this.now - START}${step.sweep ? `, sweep by the ${step.sweep}` : ''}`);
        if (step.sweep) await this.action({ t: 'sweep', by: step.sweep }, index).then((a) => a?.run());
        return null;
      }
    }
  }

  /** The soonest future lot or hold expiry. */
  nextDeadline(): number | null {
    const times = [
      ...this.model.lots.filter((l) => l.remaining > 0).map((l) => l.expiresAt),
      ...this.model.holds.filter((h) => h.status === 'active').map((h) => h.expiresAt),
    ].filter((t): t is number => t !== null && t > this.now);
    return times.length === 0 ? null : Math.min(...times);
  }
}
