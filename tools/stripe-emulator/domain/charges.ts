// Charges: the record of money taken for a payment intent, shared by Checkout payments, bank transfers and invoices.
import { buildCharge, type PaymentIntent, type PaymentMethodDetails } from '../objects/objects';
import type { EmulatorContext } from '../runtime/context';

/** Records the charge of a payment intent that succeeded, with its hosted receipt, and links it as the latest. */
export function recordCharge(
  ctx: EmulatorContext,
  paymentIntent: PaymentIntent,
  method: PaymentMethodDetails,
  email: string,
  name: string | null,
  created: number,
): void {
  const charge = buildCharge({ paymentIntent, billingEmail: email, billingName: name, method, created });
  charge.customer = paymentIntent.customer;
  charge.receipt_url = `${ctx.baseUrl}/receipts/payment/${charge.id}`;
  ctx.store.charges.set(charge.id, charge);
  paymentIntent.latest_charge = charge.id;
}
