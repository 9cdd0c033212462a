// The steps the ledger v2 model test generates (fast-check arbitraries), and hand-picked sequences
// for the paths random generation reaches rarely. Amounts and holds are picked relative to the
// model's state when a step runs (see model-run.ts), so a sequence replays exactly from its seed.
import fc from 'fast-check';

export type Amount =
  | { of: 'spendable' | 'over' | 'balance' }
  | { of: 'frac'; frac: number }
  | { of: 'fixed'; n: number };
export type Step =
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
  | { t: 'clock'; by: number | 'deadline-1' | 'deadline' | 'deadline+1'; sweep: Sweeper | null }
  | { t: 'sweep'; by: Sweeper };
/** Who sweeps: the user's BalanceRoom alarm (sweepUser) or the every-minute cron (sweepDue). */
export type Sweeper = 'alarm' | 'cron';

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
export const stepArb: fc.Arbitrary<Step> = fc.oneof(
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
      sweep: fc.constantFrom<Sweeper | null>(null, 'alarm', 'cron'),
    }),
    weight: 3,
  },
  fc.record({ t: fc.constant('sweep' as const), by: fc.constantFrom<Sweeper>('alarm', 'cron') }),
);
const packArb = fc.record({
  credits: fc.integer({ min: 1, max: 3000 }),
  amount: fc.integer({ min: 100, max: 5000 }),
  disputed: mostlyAll,
  won: fc.boolean(),
});
export const scenarioArb = fc.record({
  packs: fc.array(packArb, { minLength: SLOTS, maxLength: SLOTS }),
  steps: fc.array(stepArb, { minLength: 1, maxLength: 25, size: 'max' }),
});

export type Pack = { credits: number; amount: number; disputed: number; won: boolean };
export type Scenario = { packs: Pack[]; steps: Step[] };

/** Hand-picked sequences run before the generated ones: the paths the trigger finds hardest. */
const pack = (won: boolean): Pack[] => [
  { credits: 1000, amount: 1000, disputed: 1, won },
  { credits: 500, amount: 700, disputed: 0.5, won },
];
const all: Amount = { of: 'spendable' };
export const EXAMPLES: Scenario[] = [
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
      { t: 'clock', by: 'deadline', sweep: null },
      { t: 'release', hold: 0 },
      { t: 'spend', key: 0, amount: { of: 'fixed', n: 1 } },
      { t: 'sweep', by: 'cron' },
    ],
  },
  // The cron expires only what held credit when it looked: a lot refilled by an expiring hold's
  // return waits for its next run (unspendable meanwhile); the alarm's sweep takes both at once.
  {
    packs: pack(false),
    steps: [
      { t: 'grant', key: 0, amount: 500, expiresIn: 60_000 },
      { t: 'reserve', key: 0, amount: all, ttl: 900 },
      { t: 'reserve', key: 1, amount: all, ttl: 60 },
      { t: 'grant', key: 1, amount: 300, expiresIn: 60_000 },
      { t: 'reserve', key: 2, amount: all, ttl: 900 },
      { t: 'clock', by: 900_000, sweep: 'cron' },
      { t: 'spend', key: 0, amount: { of: 'fixed', n: 1 } },
      { t: 'sweep', by: 'cron' },
      { t: 'grant', key: 2, amount: 50, expiresIn: 1 },
      { t: 'reserve', key: 3, amount: all, ttl: 60 },
      { t: 'clock', by: 60_000, sweep: 'alarm' },
    ],
  },
  // Two holds expire together while in debt: the sweep settles them oldest first (only the later
  // return reaches a lot, the one it drew last).
  {
    packs: pack(false),
    steps: [
      { t: 'buy', slot: 0, viaEvent: true },
      { t: 'grant', key: 0, amount: 200, expiresIn: null },
      { t: 'reserve', key: 0, amount: { of: 'fixed', n: 600 }, ttl: 60 },
      { t: 'reserve', key: 1, amount: all, ttl: 60 },
      { t: 'dispute', slot: 0, closed: true },
      { t: 'clock', by: 60_000, sweep: 'alarm' },
    ],
  },
  // The younger hold fell due first, so it settles first: by the alarm as by the cron.
  {
    packs: pack(false),
    steps: [
      { t: 'buy', slot: 0, viaEvent: true },
      { t: 'grant', key: 0, amount: 200, expiresIn: null },
      { t: 'reserve', key: 0, amount: { of: 'fixed', n: 600 }, ttl: 900 },
      { t: 'reserve', key: 1, amount: all, ttl: 60 },
      { t: 'dispute', slot: 0, closed: true },
      { t: 'clock', by: 900_000, sweep: 'alarm' },
    ],
  },
  // The younger hold fell due first, so it settles first: by the cron as by the alarm.
  {
    packs: pack(false),
    steps: [
      { t: 'buy', slot: 0, viaEvent: true },
      { t: 'grant', key: 0, amount: 200, expiresIn: null },
      { t: 'reserve', key: 0, amount: { of: 'fixed', n: 600 }, ttl: 900 },
      { t: 'reserve', key: 1, amount: all, ttl: 60 },
      { t: 'dispute', slot: 0, closed: true },
      { t: 'clock', by: 900_000, sweep: 'cron' },
    ],
  },
  // Capture at the expiry instant is refused (hold_expired) and the hold expires instead.
  {
    packs: pack(false),
    steps: [
      { t: 'buy', slot: 0, viaEvent: true },
      { t: 'reserve', key: 0, amount: { of: 'fixed', n: 300 }, ttl: 60 },
      { t: 'extend', hold: 0, ttl: 120 },
      { t: 'clock', by: 'deadline', sweep: null },
      { t: 'capture', hold: 0, frac: 0.5, over: false },
      { t: 'capture', hold: 0, frac: 0.5, over: false },
      { t: 'release', hold: 0 },
    ],
  },
];
