// The ledger v2 model test (issue 10): fast-check generates sequences of purchases, grants, spends,
// holds, captures, releases, extends, refunds, disputes (also before their purchase is credited),
// replays and clock jumps on a virtual clock; after every step the database (balance, ledger sum,
// spendable credit, each lot, each hold) must equal the in-memory model of test/ledger/model.ts,
// and every call's outcome (402 or not included) must be the one the model predicts.
// A failure prints fast-check's seed and path; replay with
//   VITE_FC_SEED=<seed> VITE_FC_PATH=<path> npx vitest run --project worker test/ledger/model.test.ts
import { env } from 'cloudflare:test';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fulfilCheckoutSession, type SessionSnapshot } from '../../worker/billing/fulfilment';
import type { Stripe } from '../../worker/billing/stripe-client';
import { handleStripeEvent } from '../../worker/billing/stripe-event-handler';
import { runBatch } from '../../worker/db/batch';
import { ignoreCommits } from '../../worker/ledger/commit';
import { sweepUser } from '../../worker/ledger/expiry';
import { captureHold, extendHold, releaseHold, reserveHold } from '../../worker/ledger/holds';
import { debit, grant, spend } from '../../worker/ledger/spending';
import { type AccountStateRow, accountStateSql, toAccountState } from '../../worker/ledger/state';
import { signUp, testDb } from '../helpers';
import { chargeRefunded, completed, dispute, type SeededCheckout, seedCheckout } from '../stripe-helpers';
import { LedgerModel, type MPurchase } from './model';

const db = testDb();
const START = Date.UTC(2041, 0, 1); // far from the real clock, so no other sweep touches these lots

type Amount = { of: 'spendable' | 'over' | 'balance' } | { of: 'frac'; frac: number } | { of: 'fixed'; n: number };
type Step =
  | { t: 'buy'; slot: number; viaEvent: boolean }
  | { t: 'grant'; key: number; amount: number; expiresIn: number | null }
  | { t: 'spend'; key: number; amount: Amount }
  | { t: 'adjust'; key: number; amount: Amount }
  | { t: 'reserve'; key: number; amount: Amount; ttl: number }
  | { t: 'capture'; hold: number; frac: number; over: boolean }
  | { t: 'release'; hold: number }
  | { t: 'extend'; hold: number; ttl: number }
  | { t: 'refund'; slot: number; frac: number }
  | { t: 'dispute'; slot: number; closed: boolean }
  | { t: 'replay'; back: number }
  | { t: 'clock'; by: number | 'deadline-1' | 'deadline' | 'deadline+1'; sweep: boolean }
  | { t: 'sweep' };

const SLOTS = 2;
const slot = fc.nat(SLOTS - 1);
const key = fc.nat(3);
const frac = fc.double({ min: 0, max: 1, noNaN: true });
const mostlyAll = fc.oneof(fc.constant(1), frac);
const amount: fc.Arbitrary<Amount> = fc.oneof(
  { arbitrary: fc.constantFrom<Amount>({ of: 'spendable' }, { of: 'over' }, { of: 'balance' }), weight: 2 },
  { arbitrary: frac.map((f) => ({ of: 'frac' as const, frac: f })), weight: 2 },
  fc.integer({ min: 1, max: 3000 }).map((n) => ({ of: 'fixed' as const, n })),
);
const ttl = fc.constantFrom(60, 900, 3600, 86_400);
const MS = [1, 999, 1000, 60_000, 900_000, 3_600_000, 86_400_000];
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { arbitrary: fc.record({ t: fc.constant('buy' as const), slot, viaEvent: fc.boolean() }), weight: 3 },
  {
    arbitrary: fc.record({
      t: fc.constant('grant' as const),
      key,
      amount: fc.integer({ min: 1, max: 2000 }),
      expiresIn: fc.option(fc.constantFrom(...MS), { nil: null }),
    }),
    weight: 3,
  },
  { arbitrary: fc.record({ t: fc.constant('spend' as const), key, amount }), weight: 3 },
  { arbitrary: fc.record({ t: fc.constant('reserve' as const), key, amount, ttl }), weight: 3 },
  fc.record({ t: fc.constant('adjust' as const), key, amount }),
  {
    arbitrary: fc.record({ t: fc.constant('capture' as const), hold: fc.nat(), frac, over: fc.boolean() }),
    weight: 2,
  },
  fc.record({ t: fc.constant('release' as const), hold: fc.nat() }),
  fc.record({ t: fc.constant('extend' as const), hold: fc.nat(), ttl }),
  { arbitrary: fc.record({ t: fc.constant('refund' as const), slot, frac: mostlyAll }), weight: 2 },
  { arbitrary: fc.record({ t: fc.constant('dispute' as const), slot, closed: fc.boolean() }), weight: 3 },
  { arbitrary: fc.record({ t: fc.constant('replay' as const), back: fc.nat(30) }), weight: 2 },
  {
    arbitrary: fc.record({
      t: fc.constant('clock' as const),
      by: fc.oneof(
        fc.constantFrom(...MS),
        fc.constantFrom('deadline-1' as const, 'deadline' as const, 'deadline+1' as const),
      ),
      sweep: fc.boolean(),
    }),
    weight: 3,
  },
  fc.record({ t: fc.constant('sweep' as const) }),
);
const packArb = fc.record({
  credits: fc.integer({ min: 1, max: 3000 }),
  amount: fc.integer({ min: 100, max: 5000 }),
  disputed: mostlyAll,
  won: fc.boolean(),
});
const scenarioArb = fc.record({
  packs: fc.array(packArb, { minLength: SLOTS, maxLength: SLOTS }),
  steps: fc.array(stepArb, { minLength: 1, maxLength: 25, size: 'max' }),
});

type Pack = { credits: number; amount: number; disputed: number; won: boolean };
type Scenario = { packs: Pack[]; steps: Step[] };

/** Hand-picked sequences run before the generated ones: the paths the trigger finds hardest. */
const pack = (won: boolean): Pack[] => [
  { credits: 1000, amount: 1000, disputed: 1, won },
  { credits: 500, amount: 700, disputed: 0.5, won },
];
const all: Amount = { of: 'spendable' };
const EXAMPLES: Scenario[] = [
  // A release while in debt pays the debt, and what is left goes to the lot drawn last.
  {
    packs: pack(false),
    steps: [
      { t: 'grant', key: 0, amount: 100, expiresIn: 3_600_000 },
      { t: 'buy', slot: 0, viaEvent: true },
      { t: 'reserve', key: 0, amount: all, ttl: 900 },
      { t: 'dispute', slot: 0, closed: true },
      { t: 'release', hold: 0 },
    ],
  },
  // A won dispute that had run into debt (paid off since) gives back more than it drew: a new lot.
  {
    packs: pack(true),
    steps: [
      { t: 'buy', slot: 0, viaEvent: true },
      { t: 'spend', key: 0, amount: all },
      { t: 'dispute', slot: 0, closed: false },
      { t: 'grant', key: 0, amount: 2000, expiresIn: null },
      { t: 'dispute', slot: 0, closed: true },
    ],
  },
  // Refund and dispute before the purchase is credited: all applied with the credit.
  {
    packs: pack(true),
    steps: [
      { t: 'refund', slot: 1, frac: 0.5 },
      { t: 'dispute', slot: 1, closed: false },
      { t: 'dispute', slot: 1, closed: true },
      { t: 'buy', slot: 1, viaEvent: false },
      { t: 'refund', slot: 1, frac: 0.3 },
      { t: 'refund', slot: 1, frac: 1 },
      { t: 'replay', back: 0 },
    ],
  },
  // Credit returned to a lot that expired meanwhile is unspendable at once, and swept later.
  {
    packs: pack(false),
    steps: [
      { t: 'grant', key: 0, amount: 500, expiresIn: 60_000 },
      { t: 'reserve', key: 0, amount: all, ttl: 900 },
      { t: 'clock', by: 'deadline', sweep: false },
      { t: 'release', hold: 0 },
      { t: 'spend', key: 0, amount: { of: 'fixed', n: 1 } },
      { t: 'sweep' },
    ],
  },
  // Two holds expire together while in debt: the sweep settles them oldest first.
  {
    packs: pack(false),
    steps: [
      { t: 'buy', slot: 0, viaEvent: true },
      { t: 'grant', key: 0, amount: 200, expiresIn: null },
      { t: 'reserve', key: 0, amount: { of: 'fixed', n: 600 }, ttl: 60 },
      { t: 'reserve', key: 1, amount: all, ttl: 60 },
      { t: 'dispute', slot: 0, closed: true },
      { t: 'clock', by: 60_000, sweep: true },
    ],
  },
  // Capture at the expiry instant is refused (hold_expired) and the hold expires instead.
  {
    packs: pack(false),
    steps: [
      { t: 'buy', slot: 0, viaEvent: true },
      { t: 'reserve', key: 0, amount: { of: 'fixed', n: 300 }, ttl: 60 },
      { t: 'extend', hold: 0, ttl: 120 },
      { t: 'clock', by: 'deadline', sweep: false },
      { t: 'capture', hold: 0, frac: 0.5, over: false },
      { t: 'capture', hold: 0, frac: 0.5, over: false },
      { t: 'release', hold: 0 },
    ],
  },
];
interface Slot {
  c: SeededCheckout;
  m: MPurchase;
  disputeId: string;
  pack: Pack;
}

/** A step made concrete (keys, amounts, events fixed), so a replay repeats exactly the same call. */
type Action = { label: string; run: () => Promise<void> };

/** One generated sequence against one fresh user. */
class Run {
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
          label: 'sweep',
          run: async () => {
            await sweepUser(db, ignoreCommits, this.userId, this.now);
            m.sweep(this.now);
          },
        };
      case 'clock': {
        const next = this.nextDeadline();
        const to =
          typeof step.by === 'number' || next === null
            ? this.now + (typeof step.by === 'number' ? step.by : 60_000)
            : next + (step.by === 'deadline-1' ? -1 : step.by === 'deadline' ? 0 : 1);
        this.now = Math.max(this.now, to);
        this.log.push(`${index}: clock → +${this.now - START}${step.sweep ? ', sweep' : ''}`);
        if (step.sweep) await this.action({ t: 'sweep' }, index).then((a) => a?.run());
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

/** The user's money as the database holds it, in the model's terms. */
async function stored(userId: string, now: number) {
  const [user, sum, spendable, lots, holds] = await env.DB.batch([
    env.DB.prepare('SELECT credits FROM users WHERE id = ?').bind(userId),
    env.DB.prepare('SELECT COALESCE(SUM(delta), 0) AS n FROM ledger_entries WHERE user_id = ?').bind(userId),
    env.DB.prepare(
      'SELECT COALESCE(SUM(remaining), 0) AS n FROM lots WHERE user_id = ? AND (expires_at IS NULL OR expires_at > ?)',
    ).bind(userId, now),
    env.DB.prepare(
      `SELECT e.idempotency_key AS key, l.source, l.amount, l.remaining, l.expires_at AS expiresAt
       FROM lots l LEFT JOIN ledger_entries e ON e.id = l.entry_id WHERE l.user_id = ? ORDER BY l.id`,
    ).bind(userId),
    env.DB.prepare(
      'SELECT id, amount, status, captured, expires_at AS expiresAt FROM holds WHERE user_id = ? ORDER BY entry_id',
    ).bind(userId),
  ]);
  // What /api/auth/me, live messages and the BalanceRoom alarm read, from the ledger's own query.
  const [state] = await runBatch<AccountStateRow>(db, [accountStateSql(sql`u.id = ${userId}`, now)]);
  const { held, expiring, nextDeadline } = toAccountState(state![0]!);
  return {
    balance: (user!.results[0] as { credits: number }).credits,
    ledgerSum: (sum!.results[0] as { n: number }).n,
    spendable: (spendable!.results[0] as { n: number }).n,
    held,
    expiring,
    nextDeadline,
    lots: lots!.results,
    holds: holds!.results,
  };
}

function expected(model: LedgerModel, now: number) {
  return {
    balance: model.balance,
    ledgerSum: model.balance,
    spendable: model.spendable(now),
    held: model.held,
    expiring: ((e) => e && { credits: e.credits, at: new Date(e.at).toISOString() })(model.expiring(now)),
    nextDeadline: model.nextDeadline(),
    lots: model.lots.map(({ key, source, amount, remaining, expiresAt }) => ({
      key,
      source,
      amount,
      remaining,
      expiresAt,
    })),
    holds: model.holds.map(({ id, amount, status, captured, expiresAt }) => ({
      id,
      amount,
      status,
      captured,
      expiresAt,
    })),
  };
}

/** VITE_FC_SEED / VITE_FC_PATH (from a failure's report) replay one failing sequence; VITE_FC_RUNS runs more. */
const vars = (import.meta as unknown as { env?: Record<string, string | undefined> }).env ?? {};
const RUNS = vars.VITE_FC_RUNS ? Number(vars.VITE_FC_RUNS) : 40;
const replay: fc.Parameters<unknown> = vars.VITE_FC_SEED
  ? { seed: Number(vars.VITE_FC_SEED), path: vars.VITE_FC_PATH || undefined, endOnFailure: true }
  : {};

describe('ledger v2 against its model', () => {
  it(
    'every step leaves balance, ledger, lots and holds as the model says',
    { timeout: 120_000 + RUNS * 3_000 },
    async () => {
      const property = fc.asyncProperty(scenarioArb, async ({ packs, steps }) => {
        const run = new Run((await signUp()).id, packs);
        for (const [i, step] of steps.entries()) {
          const action = await run.action(step, i);
          run.done.push(action);
          if (action) {
            run.log.push(`${i}: ${action.label} @+${run.now - START}`);
            await action.run();
          }
          expect(await stored(run.userId, run.now), run.log.join('\n')).toEqual(expected(run.model, run.now));
        }
      });
      await fc.assert(property, { numRuns: RUNS, examples: EXAMPLES.map((e) => [e]), ...replay });
    },
  );
});
