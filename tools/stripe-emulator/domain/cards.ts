// Stripe's test cards: which pay, which decline and how, and the checks the hosted page makes (number, expiry, CVC).
import { cardError, StripeApiError } from '../core/stripe-errors';
import type { PaymentMethodDetails } from '../objects/objects';

export const DEFAULT_TEST_CARD = '4242424242424242';
/** Attaches at Checkout and pays there, then declines every later (off-session) charge. */
export const FAILS_RENEWALS_CARD = '4000000000000341';
/**
 * Wants 3-D Secure on every payment, however it was set up. On a hosted page the customer passes the
 * challenge, so Checkout pays; off-session nobody can, so the charge fails `authentication_required`.
 */
export const AUTHENTICATION_CARD = '4000002760003184';

// Stripe's test cards that fail, and how (https://docs.stripe.com/testing#declined-payments).
const DECLINING_CARDS: Record<string, { code: string; message: string; declineCode?: string }> = {
  '4000000000000002': { code: 'card_declined', declineCode: 'generic_decline', message: 'Your card was declined.' },
  '4000000000009995': {
    code: 'card_declined',
    declineCode: 'insufficient_funds',
    message: 'Your card has insufficient funds.',
  },
  '4000000000009987': { code: 'card_declined', declineCode: 'lost_card', message: 'Your card was declined.' },
  '4000000000000069': { code: 'expired_card', message: 'Your card has expired.' },
  '4000000000000127': { code: 'incorrect_cvc', message: "Your card's security code is incorrect." },
};

/** A card as typed on the hosted page or named by a control call. */
export interface CardInput {
  /** Spaces and dashes allowed. */
  card: string;
  /** `MM / YY` (or `MMYY`) as typed on the hosted page; undefined (the control endpoint) means a valid future date. */
  expiry?: string;
  /** Undefined (the control endpoint) means a valid code. */
  cvc?: string;
}

function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

function cardBrand(digits: string): string {
  if (digits.startsWith('4')) return 'visa';
  if (/^(5[1-5]|2[2-7])/.test(digits)) return 'mastercard';
  if (/^3[47]/.test(digits)) return 'amex';
  if (/^(6011|65)/.test(digits)) return 'discover';
  return 'unknown';
}

function parseExpiry(expiry: string): { month: number; year: number } {
  // "12/34", "12 / 2034", or the digits alone as people type them without the slash: "1234", "122034".
  const match = /^\s*(\d{1,2})\s*\/\s*(\d{2}|\d{4})\s*$/.exec(expiry) ?? /^\s*(\d{2})(\d{2}|\d{4})\s*$/.exec(expiry);
  if (!match) throw cardError('invalid_expiry_month', "Your card's expiration date is incomplete.");
  const month = Number(match[1]);
  const year = match[2]!.length === 2 ? 2000 + Number(match[2]) : Number(match[2]);
  if (month < 1 || month > 12) throw cardError('invalid_expiry_month', "Your card's expiration month is invalid.");
  const now = new Date();
  if (year < now.getFullYear() || (year === now.getFullYear() && month < now.getMonth() + 1)) {
    throw cardError('invalid_expiry_year', "Your card's expiration year is in the past.");
  }
  return { month, year };
}

/** The digits of a card number typed with spaces or dashes, or the card_error for a malformed one. */
export function cardDigits(card: string): string {
  const digits = card.replace(/[\s-]/g, '');
  if (!/^\d{12,19}$/.test(digits)) throw cardError('incomplete_number', 'Your card number is incomplete.');
  if (!luhnValid(digits)) throw cardError('incorrect_number', 'Your card number is incorrect.');
  return digits;
}

/** The card's details, or the card_error Stripe would answer for it. */
export function checkCard(attempt: CardInput): PaymentMethodDetails {
  const digits = cardDigits(attempt.card);
  const expiry =
    attempt.expiry === undefined ? { month: 12, year: new Date().getFullYear() + 5 } : parseExpiry(attempt.expiry);
  if (attempt.cvc !== undefined && !/^\d{3,4}$/.test(attempt.cvc.trim())) {
    throw cardError('incomplete_cvc', "Your card's security code is incomplete.");
  }
  const decline = DECLINING_CARDS[digits];
  if (decline) throw cardError(decline.code, decline.message, decline.declineCode);
  return {
    type: 'card',
    brand: cardBrand(digits),
    last4: digits.slice(-4),
    expMonth: expiry.month,
    expYear: expiry.year,
    funding: 'credit',
  };
}

/**
 * The decline an off-session charge of a saved card meets (nobody is there to pass 3-D Secure or to
 * retype the card), or undefined if it goes through.
 */
export function offSessionDecline(digits: string): StripeApiError | undefined {
  if (digits === FAILS_RENEWALS_CARD) return cardError('card_declined', 'Your card was declined.', 'generic_decline');
  if (digits === AUTHENTICATION_CARD) {
    return cardError(
      'authentication_required',
      'Your card was declined. This transaction requires authentication.',
      'authentication_required',
    );
  }
  try {
    checkCard({ card: digits });
    return undefined;
  } catch (error) {
    if (error instanceof StripeApiError) return error;
    throw error;
  }
}
