// The Worker's slim Stripe SDK (worker/stripe/vendor/, wrangler.toml [alias]) inside workerd: the
// client the Worker builds holds exactly the allowlisted resources, and they work against Stripe
// (the emulator), so tests exercise the same build the Worker ships.
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { stripeClient } from '../../worker/stripe/client';
import { STRIPE_METHODS, STRIPE_RESOURCES } from '../../worker/stripe/resources';

describe('the slim Stripe SDK', () => {
  it('builds every allowlisted resource and none of the others', () => {
    const client = stripeClient(env) as unknown as Record<string, unknown>;
    for (const name of STRIPE_RESOURCES) expect(client[name], name).toBeTypeOf('object');
    // A few the full SDK builds: left out here (so this file fails if the alias stops applying).
    for (const name of ['accounts', 'testHelpers', 'issuing', 'treasury', 'v2', 'events', 'prices']) {
      expect(client[name], name).toBeUndefined();
    }
  });

  it("gives a kept resource only the allowlisted methods (the SDK's others are left out)", () => {
    const client = stripeClient(env);
    for (const name of STRIPE_METHODS.customers) expect(client.customers[name], name).toBeTypeOf('function');
    const loose = client as unknown as Record<string, Record<string, unknown> & { sessions: Record<string, unknown> }>;
    for (const name of ['update', 'search', 'listPaymentMethods']) expect(loose.customers![name], name).toBeUndefined();
    expect(loose.checkout!.sessions.listLineItems).toBeUndefined();
  });

  it('talks to Stripe through a kept resource: a customer made, read back and listed', async () => {
    const stripe = stripeClient(env);
    const email = `slim-${crypto.randomUUID()}@example.com`;
    const made = await stripe.customers.create({ email, metadata: { userId: 'u_slim' } });
    expect(await stripe.customers.retrieve(made.id)).toMatchObject({
      id: made.id,
      email,
      metadata: { userId: 'u_slim' },
    });
    const listed = await stripe.customers.list({ email });
    expect(listed.data.map((c) => c.id)).toEqual([made.id]);
  });
});
