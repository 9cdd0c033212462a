// The D1 schema (drizzle). Each table has one owning module; see the comment on each.
import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

const createdAt = () => integer('created_at', { mode: 'number' }).notNull().default(sql`(unixepoch('subsec') * 1000)`);

/**
 * Owned by worker/accounts. `credits` and `version` are written only by the ledger trigger
 * (migrations/0001_ledger_trigger.sql), so the balance is the sum of the ledger by construction.
 */
export const users = sqliteTable('users', {
  id: text('id').primaryKey(),
  /** Stored lower-cased, so the unique index makes emails unique case-insensitively. */
  email: text('email').notNull().unique(),
  passwordHash: text('password_hash').notNull(),
  credits: integer('credits').notNull().default(0),
  /** Bumped with every ledger entry; live clients use it to drop stale messages. */
  version: integer('version').notNull().default(0),
  createdAt: createdAt(),
});

/** Owned by worker/accounts. Only the SHA-256 of the token is stored; revocation deletes the row. */
export const sessions = sqliteTable(
  'sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    expiresAt: integer('expires_at').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/**
 * Owned by worker/ledger: append-only. `balance_after` and `version` are the user's balance and
 * version once this entry is applied. `idempotency_key` is unique per user: a move replayed with
 * the same key inserts nothing. `fingerprint` lets a replayed spend detect other parameters.
 */
export const ledgerEntries = sqliteTable(
  'ledger_entries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    delta: integer('delta').notNull(),
    balanceAfter: integer('balance_after').notNull(),
    version: integer('version').notNull(),
    kind: text('kind', {
      enum: ['purchase', 'spend', 'refund', 'dispute', 'dispute_reversal', 'adjustment'],
    }).notNull(),
    reference: text('reference').notNull(),
    idempotencyKey: text('idempotency_key').notNull(),
    fingerprint: text('fingerprint').notNull().default(''),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('ledger_user_key_uq').on(t.userId, t.idempotencyKey),
    index('ledger_user_id_idx').on(t.userId, t.id),
  ],
);

export type User = typeof users.$inferSelect;
export type LedgerEntry = typeof ledgerEntries.$inferSelect;
export type LedgerKind = LedgerEntry['kind'];

/**
 * Owned by worker/billing: one row per Checkout Session we created. Credits, amount and currency
 * come from here when fulfilling, never from the event. `amount_refunded` is the cumulative
 * refunded amount already clawed back, so a refund event only claws back the new share.
 */
export const checkoutSessions = sqliteTable(
  'checkout_sessions',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    packId: text('pack_id').notNull(),
    credits: integer('credits').notNull(),
    amount: integer('amount').notNull(),
    currency: text('currency').notNull(),
    status: text('status', {
      enum: ['open', 'processing', 'credited', 'failed', 'expired', 'refunded'],
    })
      .notNull()
      .default('open'),
    paymentIntent: text('payment_intent'),
    amountRefunded: integer('amount_refunded').notNull().default(0),
    /**
     * When the status call last asked Stripe about this session (ms). Claimed with a conditional
     * UPDATE, so at most one retrieve per session runs every few seconds, whoever polls.
     */
    stripeCheckedAt: integer('stripe_checked_at').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: integer('updated_at').notNull().default(sql`(unixepoch('subsec') * 1000)`),
  },
  (t) => [
    index('checkout_sessions_user_idx').on(t.userId, t.createdAt),
    index('checkout_sessions_payment_intent_idx').on(t.paymentIntent),
  ],
);

/** Owned by worker/billing: every verified Stripe event id we have processed, once. */
export const stripeEvents = sqliteTable('stripe_events', {
  id: text('id').primaryKey(),
  type: text('type').notNull(),
  objectId: text('object_id').notNull(),
  createdAt: createdAt(),
});

export type CheckoutSessionRow = typeof checkoutSessions.$inferSelect;
export type CheckoutStatus = CheckoutSessionRow['status'];
