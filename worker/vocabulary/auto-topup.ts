// The words of auto top-up (API.md "Auto top-up"), defined once: the schema, the Worker and the site
// read them from here. Pure data.

/** Why auto top-up stopped by itself: stored in the settings row and reported as its status. */
export const AUTO_TOPUP_PAUSES = ['paused_authentication', 'paused_declined', 'paused_limit'] as const;

/** What GET /api/auto-topup reports; `off` and `needs_card` are derived, the pauses are stored. */
export const AUTO_TOPUP_STATUSES = ['off', 'active', 'needs_card', ...AUTO_TOPUP_PAUSES] as const;
export type AutoTopupStatus = (typeof AUTO_TOPUP_STATUSES)[number];

/** What the settings row stores: the running state; `off`/`needs_card` follow from `enabled` and the card. */
export const STORED_AUTO_TOPUP_STATUSES = ['active', ...AUTO_TOPUP_PAUSES] as const;
export type StoredAutoTopupStatus = (typeof STORED_AUTO_TOPUP_STATUSES)[number];

export const AUTO_TOPUP_ATTEMPT_STATUSES = ['pending', 'succeeded', 'failed'] as const;
export type AutoTopupAttemptStatus = (typeof AUTO_TOPUP_ATTEMPT_STATUSES)[number];

/** Why an attempt failed (`auto_topup.failed`'s `reason`); Stripe's decline codes pass through as they are. */
export type AutoTopupFailure = 'authentication_required' | 'card_declined' | 'limit_reached' | 'turned_off' | string;

/** Declines in a row that pause auto top-up (`paused_declined`). */
export const DECLINES_BEFORE_PAUSE = 3;
/** After a decline, no new attempt for this long, whatever the spending. */
export const DECLINE_BACKOFF_MS = 60 * 60 * 1000;
/** Bounds of the settings (API.md). */
export const THRESHOLD_MAX = 1_000_000;
export const MONTHLY_LIMIT_MAX_CENTS = 100_000;
