// One Stripe Customer per user, made on first need (a pack or a plan) and stored in
// users.stripe_customer_id, so receipts, the portal and refunds all see one customer.
//
// Two first needs may race (two tabs buying at once). Both ask Stripe with the same idempotency
// key, so Stripe makes one customer; the one that finds the key still in flight waits and asks
// again, and gets the same reply. Whatever Stripe did, only one id is stored: the conditional
// UPDATE (`WHERE stripe_customer_id IS NULL`) lets the first writer win, everyone returns the
// stored id, and a customer that lost (made after Stripe's 24 h key window) is deleted.
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import type { Stripe } from '../stripe/client';

export type CustomerApi = Pick<Stripe['customers'], 'create' | 'del'>;

export async function storedCustomerId(db: Db, userId: string): Promise<string | null> {
  const [row] = await db.all<{ stripe_customer_id: string | null }>(
    sql`SELECT stripe_customer_id FROM users WHERE id = ${userId}`,
  );
  return row?.stripe_customer_id ?? null;
}

/** The user of a Stripe Customer, if it is one of ours. */
export async function userOfCustomer(db: Db, customerId: string): Promise<string | null> {
  const [row] = await db.all<{ id: string }>(sql`SELECT id FROM users WHERE stripe_customer_id = ${customerId}`);
  return row?.id ?? null;
}

const IN_FLIGHT_RETRIES = 5;

async function createOnce(customers: CustomerApi, user: { id: string; email: string }): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    try {
      const customer = await customers.create(
        { email: user.email, metadata: { userId: user.id } },
        { idempotencyKey: `customer:${user.id}` },
      );
      return customer.id;
    } catch (err) {
      const inFlight = (err as { type?: unknown })?.type === 'StripeIdempotencyError';
      if (!inFlight || attempt >= IN_FLIGHT_RETRIES) throw err;
      await new Promise((resolve) => setTimeout(resolve, 100 * (attempt + 1)));
    }
  }
}

export async function ensureCustomer(
  db: Db,
  customers: CustomerApi,
  user: { id: string; email: string },
): Promise<string> {
  const known = await storedCustomerId(db, user.id);
  if (known) return known;
  const created = await createOnce(customers, user);
  const [stored] = await db.all<{ stripe_customer_id: string }>(
    sql`UPDATE users SET stripe_customer_id = COALESCE(stripe_customer_id, ${created}) WHERE id = ${user.id}
        RETURNING stripe_customer_id`,
  );
  if (!stored) throw new Error(`no user ${user.id}`);
  if (stored.stripe_customer_id !== created) {
    // Another first need stored a different customer: ours is an orphan nobody will use.
    try {
      await customers.del(created);
    } catch (err) {
      console.error(JSON.stringify({ msg: 'orphan_customer_not_deleted', customerId: created, error: String(err) }));
    }
  }
  return stored.stripe_customer_id;
}
