// Amounts in a currency's smallest unit (Stripe's integers) shown the way people read them: 1000 usd -> "$10.00".

/** Digits after the decimal point for `currency` (2 for usd, 0 for jpy), as Intl knows them. */
function minorUnitDigits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

export function formatAmount(amount: number, currency: string, locale = 'en-US'): string {
  const digits = minorUnitDigits(currency);
  const formatter = new Intl.NumberFormat(locale, { style: 'currency', currency: currency.toUpperCase() });
  return formatter.format(amount / 10 ** digits);
}
