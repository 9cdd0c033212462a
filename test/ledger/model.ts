// The in-memory model of one user's ledger v2 that test/ledger/model.test.ts checks the database
// against: a balance, lots, holds and the draws behind them, following API.md "Lots and expiry" /
// "Holds" and the trigger's documented rules (migrations/0005), written as plainly as possible.

export interface MLot {
  /** The idempotency key of the entry that opened it. */
  key: string;
  source: 'purchase' | 'grant';
  amount: number;
  remaining: number;
  expiresAt: number | null;
}

interface Draw {
  lot: MLot;
  amount: number;
}

export interface MHold {
  id: string;
  amount: number;
  status: 'active' | 'captured' | 'released' | 'expired';
  captured: number | null;
  expiresAt: number;
  createdAt: number;
  draws: Draw[];
}

/** A checkout session and what Stripe told us about its payment. */
export interface MPurchase {
  credits: number;
  amount: number;
  lot: MLot | null;
  /** Stripe's cumulative refunded total as recorded (the highest seen) and what we clawed for. */
  refunded: number;
  clawedFor: number;
  dispute: { id: string; amount: number; won: boolean; draws: Draw[] | null; taken: number; reversed: boolean } | null;
}

const DAY_MS = 86_400_000;

export class LedgerModel {
  balance = 0;
  lots: MLot[] = [];
  holds: MHold[] = [];
  /** Idempotency key → fingerprint of the spend/grant/hold that applied with it. */
  keys = new Map<string, string>();

  get held(): number {
    return this.holds.filter((h) => h.status === 'active').reduce((s, h) => s + h.amount, 0);
  }

  /** The soonest lot expiring within a week (what /api/auth/me and live messages show). */
  expiring(now: number): { credits: number; at: number } | null {
    const soon = this.lots.filter((l) => l.remaining > 0 && l.expiresAt !== null && l.expiresAt > now);
    const at = Math.min(...soon.map((l) => l.expiresAt as number));
    if (!Number.isFinite(at) || at > now + 7 * DAY_MS) return null;
    return { credits: soon.filter((l) => l.expiresAt === at).reduce((s, l) => s + l.remaining, 0), at };
  }

  /** When the BalanceRoom alarm must next sweep: a lot or hold expiry, possibly already past. */
  nextDeadline(): number | null {
    const times = [
      ...this.lots.filter((l) => l.remaining > 0).map((l) => l.expiresAt),
      ...this.holds.filter((h) => h.status === 'active').map((h) => h.expiresAt),
    ].filter((t): t is number => t !== null);
    return times.length === 0 ? null : Math.min(...times);
  }

  /** Unexpired credit: what a spend or a hold may take at `now`. */
  spendable(now: number): number {
    return this.lots.filter((l) => l.expiresAt === null || l.expiresAt > now).reduce((s, l) => s + l.remaining, 0);
  }

  /** The spendable lots (their keys) in spending order: what GET /api/credits/lots lists. */
  listed(now: number): string[] {
    return this.inOrder(this.lots.filter((l) => l.remaining > 0 && (l.expiresAt === null || l.expiresAt > now))).map(
      (l) => l.key,
    );
  }

  /** Spending order: `own` first, then soonest expiry, never-expiring last, oldest first. */
  private inOrder(lots: MLot[], own?: MLot | null): MLot[] {
    const seq = (l: MLot) => this.lots.indexOf(l);
    return [...lots].sort(
      (a, b) =>
        Number(b === own) - Number(a === own) ||
        Number(a.expiresAt === null) - Number(b.expiresAt === null) ||
        (a.expiresAt ?? 0) - (b.expiresAt ?? 0) ||
        seq(a) - seq(b),
    );
  }

  /** A credit that opens a lot; while in debt it pays the debt first. */
  credit(key: string, source: MLot['source'], delta: number, expiresAt: number | null): MLot {
    const lot = { key, source, amount: delta, remaining: this.gain(delta), expiresAt };
    this.lots.push(lot);
    this.balance += delta;
    return lot;
  }

  /** A debit: own lot first, then soonest expiry, never-expiring last, oldest first. */
  debit(n: number, opts: { own?: MLot | null; unexpiredAt?: number; only?: MLot } = {}): Draw[] {
    let need = Math.max(this.balance, 0) - Math.max(this.balance - n, 0);
    this.balance -= n;
    const eligible = this.lots.filter(
      (l) =>
        l.remaining > 0 &&
        (!opts.only || l === opts.only) &&
        (opts.unexpiredAt === undefined || l.expiresAt === null || l.expiresAt > opts.unexpiredAt),
    );
    const draws: Draw[] = [];
    for (const lot of this.inOrder(eligible, opts.own)) {
      if (need === 0) break;
      const take = Math.min(lot.remaining, need);
      lot.remaining -= take;
      need -= take;
      draws.push({ lot, amount: take });
    }
    return draws;
  }

  /** A return: to the lots `draws` took from, last drawn first; beyond that, a new lot. */
  giveBack(key: string, g: number, draws: Draw[]) {
    let gain = this.gain(g);
    this.balance += g;
    for (const draw of [...draws].reverse()) {
      const back = Math.min(draw.amount, draw.lot.amount - draw.lot.remaining, gain);
      draw.lot.remaining += back;
      gain -= back;
    }
    if (gain > 0) this.lots.push({ key, source: 'purchase', amount: gain, remaining: gain, expiresAt: null });
  }

  /** What a credit of `delta` adds to the lots: the part beyond any debt. */
  private gain(delta: number) {
    return Math.max(this.balance + delta, 0) - Math.max(this.balance, 0);
  }

  // --- the domain calls -------------------------------------------------------------------------

  /** A keyed call: applies once; the key again answers the first result, another input conflicts. */
  keyed(key: string, fingerprint: string): 'new' | 'replayed' | 'key_conflict' {
    const seen = this.keys.get(key);
    if (seen === undefined) return 'new';
    return seen === fingerprint ? 'replayed' : 'key_conflict';
  }

  spend(key: string, amount: number, now: number) {
    const seen = this.keyed(`spend:${key}`, String(amount));
    if (seen !== 'new') return seen;
    if (this.spendable(now) < amount) return 'insufficient';
    this.keys.set(`spend:${key}`, String(amount));
    this.debit(amount, { unexpiredAt: now });
    return 'spent';
  }

  /** An operator's correction: any lots (expired first, as a sweep would), never below zero. */
  adjust(key: string, amount: number) {
    const seen = this.keyed(`adjustment:${key}`, String(amount));
    if (seen !== 'new') return seen;
    if (this.balance < amount) return 'insufficient';
    this.keys.set(`adjustment:${key}`, String(amount));
    this.debit(amount);
    return 'spent';
  }

  grant(key: string, amount: number, expiresAt: number | null) {
    const fingerprint = `${amount}/${expiresAt}`;
    const seen = this.keyed(`grant:${key}`, fingerprint);
    if (seen !== 'new') return seen === 'replayed' ? 'granted' : seen;
    this.keys.set(`grant:${key}`, fingerprint);
    this.credit(`grant:${key}`, 'grant', amount, expiresAt);
    return 'granted';
  }

  /** Reserves; the caller gives the id the database chose (the model cannot guess it). */
  reserve(key: string, amount: number, ttlSeconds: number, now: number, holdId: () => string | undefined) {
    const fingerprint = `${amount}/${ttlSeconds}`;
    const seen = this.keyed(`hold:${key}`, fingerprint);
    if (seen !== 'new') return seen;
    if (this.spendable(now) < amount) return 'insufficient';
    this.keys.set(`hold:${key}`, fingerprint);
    const draws = this.debit(amount, { unexpiredAt: now });
    const id = holdId() ?? 'unknown';
    this.holds.push({
      id,
      amount,
      status: 'active',
      captured: null,
      expiresAt: now + ttlSeconds * 1000,
      createdAt: now,
      draws,
    });
    return 'reserved';
  }

  private settle(hold: MHold, status: 'captured' | 'released' | 'expired', captured: number | null) {
    hold.status = status;
    hold.captured = captured;
    this.giveBack(`settle:${hold.id}`, hold.amount - (captured ?? 0), hold.draws);
  }

  capture(hold: MHold | undefined, amount: number, now: number) {
    if (!hold) return 'not_found';
    if (hold.status === 'captured' && hold.captured === amount) return 'replayed';
    if (hold.status === 'active' && hold.expiresAt <= now) {
      this.settle(hold, 'expired', null);
      return 'hold_expired';
    }
    if (hold.status === 'active' && amount > hold.amount) return 'amount_out_of_range';
    if (hold.status === 'active') {
      this.settle(hold, 'captured', amount);
      return 'settled';
    }
    return hold.status === 'expired' ? 'hold_expired' : 'hold_not_active';
  }

  release(hold: MHold | undefined, now: number) {
    if (!hold) return 'not_found';
    if (hold.status === 'released') return 'replayed';
    if (hold.status === 'active' && hold.expiresAt <= now) this.settle(hold, 'expired', null);
    else if (hold.status === 'active') {
      this.settle(hold, 'released', null);
      return 'settled';
    }
    return 'hold_not_active';
  }

  extend(hold: MHold | undefined, ttlSeconds: number, now: number) {
    if (!hold) return 'not_found';
    if (hold.status !== 'active' || hold.expiresAt <= now) return 'hold_not_active';
    hold.expiresAt = Math.min(now + ttlSeconds * 1000, hold.createdAt + DAY_MS);
    return 'extended';
  }

  /**
   * Due holds expire (soonest due first, then oldest), then expired lots lose what they still hold. The alarm's
   * sweep also expires what those holds just returned to expired lots; the cron expires only lots
   * that held credit when it looked (before the holds), leaving a refilled one to its next run.
   */
  sweep(now: number, by: 'alarm' | 'cron') {
    const expired = (l: MLot) => l.remaining > 0 && l.expiresAt !== null && l.expiresAt <= now;
    const seen = this.lots.filter(expired);
    const due = this.holds.filter((h) => h.status === 'active' && h.expiresAt <= now);
    for (const hold of due.sort((a, b) => a.expiresAt - b.expiresAt)) this.settle(hold, 'expired', null);
    for (const lot of by === 'alarm' ? this.lots : seen) if (expired(lot)) this.debit(lot.remaining, { only: lot });
  }

  // --- payments ---------------------------------------------------------------------------------

  /** The completed session: credits once, then applies refunds and disputes that came first. */
  purchase(sessionId: string, p: MPurchase) {
    if (p.lot) return 'duplicate';
    p.lot = this.credit(`purchase:${sessionId}`, 'purchase', p.credits, null);
    this.applyRefund(p);
    this.applyDispute(p);
    return 'credited';
  }

  refund(p: MPurchase, total: number) {
    p.refunded = Math.max(p.refunded, total);
    this.applyRefund(p);
  }

  /** `won` only ever turns on; the amount is the first one recorded. */
  dispute(p: MPurchase, id: string, amount: number, won: boolean) {
    p.dispute ??= { id, amount, won: false, draws: null, taken: 0, reversed: false };
    p.dispute.won ||= won;
    this.applyDispute(p);
  }

  private share(p: MPurchase, paid: number) {
    return Math.floor((p.credits * Math.min(paid, p.amount)) / p.amount);
  }

  private applyRefund(p: MPurchase) {
    if (!p.lot || p.clawedFor >= p.refunded) return;
    const n = this.share(p, p.refunded) - this.share(p, p.clawedFor);
    p.clawedFor = p.refunded;
    this.debit(n, { own: p.lot });
  }

  private applyDispute(p: MPurchase) {
    const d = p.dispute;
    if (!p.lot || !d) return;
    if (!d.draws) {
      d.taken = this.share(p, d.amount);
      d.draws = this.debit(d.taken, { own: p.lot });
    }
    if (d.won && !d.reversed) {
      d.reversed = true;
      this.giveBack(`dispute_reversal:${d.id}`, d.taken, d.draws);
    }
  }
}
