// The D1 schema (drizzle). Each table has one owning module; see the comment on each.
import { sql } from 'drizzle-orm';
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { AUTO_TOPUP_ATTEMPT_STATUSES, STORED_AUTO_TOPUP_STATUSES } from '../vocabulary/auto-topup';
import { CHECKOUT_STATUSES } from '../vocabulary/checkout-statuses';
import { JOB_STATUSES } from '../vocabulary/jobs';
import { HOLD_OWNERS, HOLD_STATUSES, LEDGER_KINDS, LOT_SOURCES } from '../vocabulary/ledger';
import { LOCALES } from '../vocabulary/locales';
import { MAIL_KINDS } from '../vocabulary/mail';
import { USER_ROLES } from '../vocabulary/roles';
import { VOID_REASONS } from '../vocabulary/void-reasons';
import { DELIVERY_STATUSES, WEBHOOK_EVENT_TYPES } from '../vocabulary/webhook-events';

/** The row's user (most tables' second column): required, and one of ours. */
const userId = () =>
  text('user_id')
    .notNull()
    .references(() => users.id);

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
  /** `operator` may use the console (/api/admin); set by `npm run admin -- grant <email>`. */
  role: text('role', { enum: USER_ROLES }).notNull().default('user'),
  /** The user's one Stripe Customer (worker/accounts/customers.ts), made on first need. */
  stripeCustomerId: text('stripe_customer_id').unique(),
  createdAt: createdAt(),
  /** The app's own id for this user (migration 0015; worker/apps/external-users.ts); null for site sign-ups. */
  externalId: text('external_id').unique('users_external_id_uq'),
  /** The language of the user's emails (migration 0020), set at sign-up and sign-in; null reads as `en`. */
  locale: text('locale', { enum: LOCALES }),
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
    // Account page (migration 0011): what the owner sees in "active sessions".
    /** The browser's User-Agent at sign-in, cut to 256 characters; null for older sessions. */
    userAgent: text('user_agent'),
    /** Refreshed at most every few minutes by requests on this session (worker/middleware/auth.ts). */
    lastSeenAt: integer('last_seen_at'),
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
    userId: userId(),
    delta: integer('delta').notNull(),
    balanceAfter: integer('balance_after').notNull(),
    version: integer('version').notNull(),
    kind: text('kind', { enum: LEDGER_KINDS }).notNull(),
    reference: text('reference').notNull(),
    idempotencyKey: text('idempotency_key').notNull(),
    fingerprint: text('fingerprint').notNull().default(''),
    /** The lot this move targets first: the lot an `expire` empties, a clawback's own purchase lot. */
    lotId: integer('lot_id'),
    /** For `hold`, `capture` and `release`: the hold. */
    holdId: text('hold_id'),
    /**
     * Returns (`capture`, `release`, `dispute_reversal`) go back to the lots this entry drew from. A
     * rollover (`subscription` carry) names the grant whose period's credit it carries.
     */
    sourceEntryId: integer('source_entry_id'),
    /** For an entry that opens a lot: when the lot expires; for a `hold`: when the hold does. */
    expiresAt: integer('expires_at'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('ledger_user_key_uq').on(t.userId, t.idempotencyKey),
    index('ledger_user_id_idx').on(t.userId, t.id),
    // Receipts still owed (mail/owed-receipts.ts): the payments of a recent window, by kind and time.
    index('ledger_receipts_idx')
      .on(t.kind, t.createdAt)
      .where(sql`${t.kind} = 'purchase' OR ${t.kind} = 'subscription'`),
  ],
);

export type User = typeof users.$inferSelect;
export type LedgerEntry = typeof ledgerEntries.$inferSelect;

/**
 * Owned by worker/ledger, written only by the ledger trigger (migrations/0005): every credit that
 * enters a balance belongs to a lot, and every debit draws from lots in the spending order. The
 * sum of `remaining` over a user's lots is the balance when it is >= 0, and 0 in debt (a credit
 * made while in debt pays the debt first: its lot opens with less, or nothing, remaining).
 */
export const lots = sqliteTable(
  'lots',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: userId(),
    /** The entry that opened the lot (null only for balances migrated from ledger v1). */
    entryId: integer('entry_id').unique(),
    source: text('source', { enum: LOT_SOURCES }).notNull(),
    amount: integer('amount').notNull(),
    remaining: integer('remaining').notNull(),
    /** Epoch ms; null = never expires. Expired credit is never spendable, swept or not. */
    expiresAt: integer('expires_at'),
    reference: text('reference').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    check('lots_remaining_range', sql`${t.remaining} >= 0 AND ${t.remaining} <= ${t.amount}`),
    index('lots_user_active_idx').on(t.userId, t.expiresAt).where(sql`${t.remaining} > 0`),
    index('lots_expiring_idx').on(t.expiresAt).where(sql`${t.remaining} > 0 AND ${t.expiresAt} IS NOT NULL`),
  ],
);

/**
 * Owned by worker/ledger, append-only, written only by the ledger trigger: which lots each entry
 * drew from (negative) or returned to (positive). "Which purchase paid for this render" and "were
 * this purchase's credits spent" are one query on this table.
 */
export const lotDraws = sqliteTable(
  'lot_draws',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    entryId: integer('entry_id')
      .notNull()
      .references(() => ledgerEntries.id),
    lotId: integer('lot_id')
      .notNull()
      .references(() => lots.id),
    userId: text('user_id').notNull(),
    delta: integer('delta').notNull(),
  },
  (t) => [index('lot_draws_entry_idx').on(t.entryId), index('lot_draws_lot_idx').on(t.lotId)],
);

/**
 * Owned by worker/ledger/holds.ts. A hold's credits left the balance with its `hold` entry; it is
 * settled exactly once (capture, release or expiry), by the entry keyed `settle:{id}`.
 */
export const holds = sqliteTable(
  'holds',
  {
    id: text('id').primaryKey(),
    userId: userId(),
    /** The `hold` entry that reserved the credits. */
    entryId: integer('entry_id').notNull().unique(),
    amount: integer('amount').notNull(),
    captured: integer('captured'),
    status: text('status', { enum: HOLD_STATUSES }).notNull().default('active'),
    reason: text('reason').notNull(),
    expiresAt: integer('expires_at').notNull(),
    createdAt: integer('created_at').notNull(),
    settledAt: integer('settled_at'),
    /** Who may settle it (migration 0012): `app` holds only through /api/v1. Checked by the database. */
    owner: text('owner', { enum: HOLD_OWNERS }).notNull().default('user'),
  },
  (t) => [
    check('holds_owner_values', sql`${t.owner} IN ('user', 'app')`),
    index('holds_user_idx').on(t.userId, t.createdAt),
    index('holds_active_idx').on(t.expiresAt).where(sql`${t.status} = 'active'`),
    index('holds_user_active_idx').on(t.userId).where(sql`${t.status} = 'active'`),
  ],
);

/**
 * Owned by worker/billing: one row per Checkout Session we created. Credits, amount and currency
 * come from here when fulfilling, never from the event. `amount_refunded` is the cumulative
 * refunded amount already clawed back, so a refund event only claws back the new share.
 */
export const checkoutSessions = sqliteTable(
  'checkout_sessions',
  {
    id: text('id').primaryKey(),
    userId: userId(),
    packId: text('pack_id').notNull(),
    credits: integer('credits').notNull(),
    amount: integer('amount').notNull(),
    currency: text('currency').notNull(),
    status: text('status', { enum: CHECKOUT_STATUSES }).notNull().default('open'),
    /** `payment` (a pack) or `subscription` (a plan: `pack_id` holds the plan id, `credits` its allowance). */
    mode: text('mode', { enum: ['payment', 'subscription'] })
      .notNull()
      .default('payment'),
    /** For a subscription session: its first invoice, whose grant credits the session. */
    invoiceId: text('invoice_id'),
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
    index('checkout_sessions_invoice_idx').on(t.invoiceId).where(sql`${t.invoiceId} IS NOT NULL`),
  ],
);

/** Owned by worker/billing: every verified Stripe event id we have processed, once. */
export const stripeEvents = sqliteTable(
  'stripe_events',
  {
    id: text('id').primaryKey(),
    type: text('type').notNull(),
    objectId: text('object_id').notNull(),
    /** What handling it did (an Outcome), written after the fact for the operator console. */
    outcome: text('outcome'),
    userId: text('user_id'),
    createdAt: createdAt(),
  },
  (t) => [index('stripe_events_created_idx').on(t.createdAt)],
);

/**
 * Owned by worker/billing/reversals.ts: what Stripe has told us about refunds and disputes of a
 * payment, whether or not we have credited it yet. A refund or dispute that arrives before its
 * purchase is credited is kept here, and the credit applies it in the same batch, so the order of
 * events never costs the merchant (or the user) anything. `id` is `refund:{pi}` (amount: Stripe's
 * cumulative refunded total, only ever raised) or the dispute's id (amount: the disputed amount).
 */
export const paymentReversals = sqliteTable(
  'payment_reversals',
  {
    id: text('id').primaryKey(),
    paymentIntent: text('payment_intent').notNull(),
    kind: text('kind', { enum: ['refund', 'dispute'] }).notNull(),
    amount: integer('amount').notNull(),
    /** For a dispute: 1 once it closed as won. */
    won: integer('won').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [index('payment_reversals_pi_idx').on(t.paymentIntent)],
);

export type CheckoutSessionRow = typeof checkoutSessions.$inferSelect;

/**
 * Owned by worker/accounts/api-keys.ts: keys for the app's own backend (`cck_…`). Only the SHA-256
 * of a key is stored; a revoked key stops working at once. Names are unique among active keys.
 */
export const apiKeys = sqliteTable(
  'api_keys',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    hash: text('hash').notNull().unique(),
    createdAt: createdAt(),
    lastUsedAt: integer('last_used_at'),
    revokedAt: integer('revoked_at'),
  },
  (t) => [uniqueIndex('api_keys_active_name_uq').on(t.name).where(sql`${t.revokedAt} IS NULL`)],
);

/** Owned by worker/apps/key-origins.ts: the origins an API key's pages are served from (migration 0015). */
export const apiKeyOrigins = sqliteTable(
  'api_key_origins',
  {
    keyId: text('key_id')
      .notNull()
      .references(() => apiKeys.id),
    /** `scheme://host[:port]`, exactly as a browser's Origin header spells it. */
    origin: text('origin').notNull(),
  },
  (t) => [primaryKey({ columns: [t.keyId, t.origin] }), index('api_key_origins_origin_idx').on(t.origin)],
);

/**
 * Owned by worker/apps/browser-tokens.ts: short-lived tokens (`cct_…`) an app mints for its user's
 * browser. Only the SHA-256 is stored; each use checks the row, the key and the user (docs/security.md).
 */
export const browserTokens = sqliteTable(
  'browser_tokens',
  {
    hash: text('hash').primaryKey(),
    keyId: text('key_id')
      .notNull()
      .references(() => apiKeys.id),
    userId: userId(),
    expiresAt: integer('expires_at').notNull(),
    /** Set once, when the token was exchanged for a site session (GET /{locale}/enter). */
    enteredAt: integer('entered_at'),
    createdAt: createdAt(),
  },
  (t) => [index('browser_tokens_expires_idx').on(t.expiresAt)],
);

/** Owned by worker/apps/browser-tokens.ts: the users a key minted tokens for (revocation closes their token sockets). */
export const keyTokenUsers = sqliteTable(
  'key_token_users',
  {
    keyId: text('key_id')
      .notNull()
      .references(() => apiKeys.id),
    userId: userId(),
  },
  (t) => [primaryKey({ columns: [t.keyId, t.userId] })],
);

/**
 * Owned by worker/audit/log.ts, append-only (triggers refuse updates and deletes): every admin
 * action that changes anything, written in the same D1 batch as its effect.
 */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** The operator's user id, `cli` for the command-line tools, or `key:{name} ({id})` for an API key. */
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    target: text('target').notNull(),
    /** JSON. */
    detail: text('detail').notNull().default('{}'),
    createdAt: createdAt(),
  },
  (t) => [index('audit_log_target_idx').on(t.target, t.id)],
);

/**
 * Owned by worker/studio/jobs.ts: renders asked for in the Studio. The credits move through the
 * job's hold (reserved at creation; captured or released by the render farm through the service
 * API); this row is the job's story for the page: status, progress, the cost it came to.
 */
export const renderJobs = sqliteTable(
  'render_jobs',
  {
    id: text('id').primaryKey(),
    userId: userId(),
    holdId: text('hold_id').notNull(),
    prompt: text('prompt').notNull(),
    seconds: integer('seconds').notNull(),
    resolution: text('resolution').notNull(),
    maxCost: integer('max_cost').notNull(),
    status: text('status', { enum: JOB_STATUSES }).notNull().default('queued'),
    progress: integer('progress').notNull().default(0),
    cost: integer('cost'),
    error: text('error'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  // hold_id: history joins a hold's entries to its job (migration 0013).
  (t) => [index('render_jobs_user_idx').on(t.userId, t.createdAt), index('render_jobs_hold_idx').on(t.holdId)],
);

/**
 * Owned by worker/subscriptions/store.ts: Stripe's subscriptions, as the latest event (or retrieve)
 * told us. `source_at` (seconds) and `source_rank` order what we were told, so an older event
 * arriving late never overwrites a newer state.
 */
export const subscriptions = sqliteTable(
  'subscriptions',
  {
    id: text('id').primaryKey(),
    userId: userId(),
    planId: text('plan_id').notNull(),
    status: text('status').notNull(),
    /** Epoch ms. */
    currentPeriodEnd: integer('current_period_end'),
    cancelAtPeriodEnd: integer('cancel_at_period_end', { mode: 'boolean' }).notNull().default(false),
    sourceAt: integer('source_at').notNull(),
    sourceRank: integer('source_rank').notNull(),
    createdAt: createdAt(),
    updatedAt: integer('updated_at').notNull(),
    /**
     * Set when the app cancelled it itself (migration 0014, worker/subscriptions/guard.ts): a second
     * subscription of the user (`duplicate`) or one on a closed account (`closed_account`).
     */
    voidedReason: text('voided_reason', { enum: VOID_REASONS }),
    /** Epoch ms of the decision. */
    voidedAt: integer('voided_at'),
  },
  (t) => [index('subscriptions_user_idx').on(t.userId, t.updatedAt)],
);

/**
 * Owned by worker/subscriptions/ (invoices.ts; period-reversals.ts records `credits_clawed`): each
 * paid subscription invoice we granted (or are granting) an allowance for. The grant itself is the
 * ledger entry keyed `subscription:{id}` (`entry_id` once applied); `credits_clawed` is what refunds
 * of its payment took back. The ledger's moves read it (a move is one INSERT … SELECT from the row
 * it prices); only the owner writes it, in the same batch.
 */
export const subscriptionInvoices = sqliteTable(
  'subscription_invoices',
  {
    id: text('id').primaryKey(),
    userId: userId(),
    subscriptionId: text('subscription_id').notNull(),
    planId: text('plan_id').notNull(),
    credits: integer('credits').notNull(),
    rollover: integer('rollover').notNull().default(0),
    amount: integer('amount').notNull(),
    currency: text('currency').notNull(),
    /** The service period the invoice pays for (its line item's period), epoch ms. */
    periodStart: integer('period_start').notNull(),
    periodEnd: integer('period_end').notNull(),
    paymentIntent: text('payment_intent'),
    entryId: integer('entry_id'),
    creditsClawed: integer('credits_clawed').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [
    index('subscription_invoices_user_idx').on(t.userId, t.periodEnd),
    index('subscription_invoices_pi_idx').on(t.paymentIntent).where(sql`${t.paymentIntent} IS NOT NULL`),
  ],
);

/**
 * Owned by worker/subscriptions/invoices.ts: which invoice each subscription payment paid, as
 * `invoice_payment.paid` or Stripe's invoice_payments list told us (a charge names no invoice in
 * this API version). Kept apart from subscription_invoices so that a payment learnt before its
 * invoice is granted is not lost.
 */
export const invoicePayments = sqliteTable(
  'invoice_payments',
  {
    paymentIntent: text('payment_intent').primaryKey(),
    invoiceId: text('invoice_id').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('invoice_payments_invoice_idx').on(t.invoiceId)],
);

/**
 * The outbox (migration 0016). Written by worker/ledger/outbox.ts in the same batch as the entry it
 * reports (and by subscriptions/store.ts for `subscription.updated`, with the statement from
 * there); drained and delivered by worker/webhooks. `dedupe_key` makes a replayed change write no
 * second event. `data` is the JSON body's `data`, fixed when the change commits.
 */
export const webhookEvents = sqliteTable(
  'webhook_events',
  {
    /** Hex; the message id is `msg_{id}` on every attempt to every endpoint. */
    id: text('id').primaryKey(),
    dedupeKey: text('dedupe_key').notNull(),
    userId: text('user_id').notNull(),
    type: text('type', { enum: WEBHOOK_EVENT_TYPES }).notNull(),
    data: text('data').notNull(),
    createdAt: integer('created_at').notNull(),
    /** A drain's lease (epoch ms): another drain skips the row until then. */
    claimedUntil: integer('claimed_until'),
    /** Set once its messages are on the queue; null rows are what a drain picks up. */
    enqueuedAt: integer('enqueued_at'),
  },
  (t) => [
    uniqueIndex('webhook_events_dedupe_uq').on(t.dedupeKey),
    index('webhook_events_pending_idx').on(t.createdAt).where(sql`${t.enqueuedAt} IS NULL`),
    index('webhook_events_user_idx').on(t.userId, t.createdAt),
  ],
);

/**
 * Owned by worker/webhooks/endpoints.ts (which rows receive: db/webhook-receivers.ts, also read by
 * the ledger's outbox): where the app receives events. `secret` is stored as
 * issued (docs/security.md: HMAC signing needs the key itself). `events` is a JSON array, null = all.
 */
export const webhookEndpoints = sqliteTable('webhook_endpoints', {
  id: text('id').primaryKey(),
  url: text('url').notNull(),
  events: text('events'),
  description: text('description').notNull().default(''),
  secret: text('secret').notNull(),
  /** The secret a rotation replaced (migration 0017): it signs beside `secret` until `previousSecretUntil`. */
  previousSecret: text('previous_secret'),
  previousSecretUntil: integer('previous_secret_until'),
  createdAt: integer('created_at').notNull(),
  /** When the current run of failed deliveries began (epoch ms); cleared by any success. */
  failingSince: integer('failing_since'),
  disabledAt: integer('disabled_at'),
  disabledReason: text('disabled_reason'),
  /** Deleted endpoints are kept (soft) so in-flight messages find them and stop. */
  deletedAt: integer('deleted_at'),
});

/** Owned by worker/webhooks/delivery.ts: one row per delivery attempt, for the deliveries log. */
export const webhookDeliveries = sqliteTable(
  'webhook_deliveries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    endpointId: text('endpoint_id').notNull(),
    eventId: text('event_id').notNull(),
    attempt: integer('attempt').notNull(),
    status: text('status', { enum: DELIVERY_STATUSES }).notNull(),
    responseCode: integer('response_code'),
    error: text('error'),
    at: integer('at').notNull(),
  },
  (t) => [index('webhook_deliveries_endpoint_idx').on(t.endpointId, t.id)],
);

/**
 * Owned by worker/webhooks/redrive.ts (migration 0021): one row per (event, endpoint) still owed a
 * delivery. The drain writes it before sending, each failed attempt and each redrive moves `dueAt`
 * (when a live queue message should have been attempted again by, plus a grace), a success deletes
 * it. Rows past `dueAt` have lost their message and are re-enqueued by the cron.
 */
export const webhookOwed = sqliteTable(
  'webhook_owed',
  {
    eventId: text('event_id').notNull(),
    endpointId: text('endpoint_id').notNull(),
    /** When it was first enqueued (epoch ms): redriving stops after the disable window. */
    firstAt: integer('first_at').notNull(),
    dueAt: integer('due_at').notNull(),
    /** How many times the redrive re-enqueued it (for the logs and tests). */
    redriven: integer('redriven').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.endpointId] }), index('webhook_owed_due_idx').on(t.dueAt)],
);

/**
 * Owned by worker/ledger/outbox.ts (the threshold by worker/webhooks/alerts.ts): a user's
 * `balance.low` threshold (null = LOW_BALANCE_CREDITS) and whether each alert is armed, i.e. spendable
 * credits were at or above the line after the user's last entry. An alert fires when an armed user's
 * entry leaves them below it, so it fires once per crossing however many spends race.
 */
export const balanceAlerts = sqliteTable('balance_alerts', {
  userId: text('user_id').primaryKey(),
  lowBalance: integer('low_balance'),
  lowArmed: integer('low_armed').notNull().default(0),
  depletedArmed: integer('depleted_armed').notNull().default(0),
  /** The user's newest entry the armed flags were computed after (a watermark: a no-op move changes nothing). */
  lastEntryId: integer('last_entry_id').notNull().default(0),
});

/**
 * The columns of a one-time link sent by email (a password reset, an email change): only the SHA-256
 * of its token is stored, it expires, and the one confirm that wins sets `used_at`.
 */
const emailedLink = () => ({
  tokenHash: text('token_hash').primaryKey(),
  userId: text('user_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  expiresAt: integer('expires_at').notNull(),
  usedAt: integer('used_at'),
  /** A random id of the confirm that used this token: the rest of its batch finds the user by it. */
  confirmId: text('confirm_id'),
  createdAt: createdAt(),
});

/**
 * Owned by worker/accounts/password-resets.ts (migration 0020): reset links. Only the SHA-256 of the
 * token is stored; `used_at` is set by the one confirm that wins, and every other open link of the user
 * ends with it.
 */
export const passwordResets = sqliteTable('password_resets', emailedLink(), (t) => [
  index('password_resets_user_idx').on(t.userId),
]);

/**
 * Owned by worker/mail/sent.ts (migration 0020): each once-only email, claimed by its dedupe key
 * (`receipt:{entry id}`, `renewal_failed:{invoice id}`) before it is sent, so a replayed event or a
 * second path to the same entry sends nothing more; a failed send deletes its claim.
 */
export const mailSent = sqliteTable(
  'mail_sent',
  {
    dedupeKey: text('dedupe_key').primaryKey(),
    userId: text('user_id').notNull(),
    kind: text('kind', { enum: MAIL_KINDS }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('mail_sent_user_idx').on(t.userId)],
);

/**
 * Owned by worker/accounts/email-changes.ts (migration 0020): a new email waiting for its link to be
 * opened; the account keeps its old address (sign-in, receipts) until then.
 */
export const emailChanges = sqliteTable(
  'email_changes',
  { ...emailedLink(), newEmail: text('new_email').notNull() },
  (t) => [index('email_changes_user_idx').on(t.userId)],
);

/**
 * Owned by worker/autotopup/settings.ts: a user's auto top-up (migrations/0018). `status` is the
 * running state (a pause and why); `off` and `needs_card` are derived from `enabled` and the card.
 * `paused_until` ends a `paused_limit` (the 1st of the next month, UTC); `retry_after` is the hour
 * after a decline during which no attempt starts.
 */
export const autoTopupSettings = sqliteTable(
  'auto_topup_settings',
  {
    userId: text('user_id').primaryKey(),
    enabled: integer('enabled').notNull().default(0),
    thresholdCredits: integer('threshold_credits').notNull().default(100),
    packId: text('pack_id').notNull().default('starter'),
    monthlyLimitCents: integer('monthly_limit_cents').notNull().default(5000),
    status: text('status', { enum: STORED_AUTO_TOPUP_STATUSES }).notNull().default('active'),
    paymentMethodId: text('payment_method_id'),
    cardBrand: text('card_brand'),
    cardLast4: text('card_last4'),
    cardExpMonth: integer('card_exp_month'),
    cardExpYear: integer('card_exp_year'),
    pausedUntil: integer('paused_until'),
    retryAfter: integer('retry_after'),
    consecutiveDeclines: integer('consecutive_declines').notNull().default(0),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    check(
      'auto_topup_settings_status_check',
      sql`${t.status} IN ('active', 'paused_authentication', 'paused_declined', 'paused_limit')`,
    ),
    check('auto_topup_settings_threshold_check', sql`${t.thresholdCredits} BETWEEN 1 AND 1000000`),
  ],
);

/**
 * Owned by worker/autotopup/attempts.ts: one row per off-session charge, written BEFORE the charge
 * is sent. The partial unique index allows one pending attempt per user, so two racing triggers
 * cannot start two charges. `sent_at` marks the moment it may reach Stripe (turning auto top-up off
 * cancels only attempts not yet sent). Its credit is a `purchase` entry keyed `purchase:{pi}`.
 */
export const autoTopupAttempts = sqliteTable(
  'auto_topup_attempts',
  {
    id: text('id').primaryKey(),
    userId: text('user_id').notNull(),
    status: text('status', { enum: AUTO_TOPUP_ATTEMPT_STATUSES }).notNull(),
    paymentIntentId: text('payment_intent_id'),
    idempotencyKey: text('idempotency_key').notNull(),
    packId: text('pack_id').notNull(),
    amountCents: integer('amount_cents').notNull(),
    currency: text('currency').notNull(),
    credits: integer('credits').notNull(),
    /** The calendar month (UTC, `YYYY-MM`) its amount counts against the monthly limit. */
    month: text('month').notNull(),
    failureCode: text('failure_code'),
    sentAt: integer('sent_at'),
    /** Stripe's refunded total already clawed back (as checkout_sessions.amount_refunded). */
    amountRefunded: integer('amount_refunded').notNull().default(0),
    createdAt: integer('created_at').notNull(),
    settledAt: integer('settled_at'),
  },
  (t) => [
    check('auto_topup_attempts_status_check', sql`${t.status} IN ('pending', 'succeeded', 'failed')`),
    uniqueIndex('auto_topup_attempts_one_pending_uq').on(t.userId).where(sql`${t.status} = 'pending'`),
    uniqueIndex('auto_topup_attempts_key_uq').on(t.idempotencyKey),
    uniqueIndex('auto_topup_attempts_pi_uq').on(t.paymentIntentId).where(sql`${t.paymentIntentId} IS NOT NULL`),
    index('auto_topup_attempts_user_month_idx').on(t.userId, t.month),
  ],
);
