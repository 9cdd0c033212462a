// Stripe's bracket form encoding, parsed the way the SDK writes it.
import { describe, expect, it } from 'vitest';
import { parseStripeForm } from './form-encoding';

describe('parseStripeForm', () => {
  it('nests brackets into objects, keeping numeric brackets as keys for the schema to read', () => {
    const body = [
      'mode=payment',
      'line_items[0][price_data][currency]=usd',
      'line_items[0][price_data][unit_amount]=500',
      'line_items[0][price_data][product_data][name]=1%2C000%20credits',
      'line_items[0][quantity]=1',
      'line_items[1][price]=price_1',
      'metadata[packId]=pack_1000',
      'success_url=http%3A%2F%2Fx.test%2Fok%3Fsession_id%3D%7BCHECKOUT_SESSION_ID%7D',
    ].join('&');
    expect(parseStripeForm(body)).toEqual({
      mode: 'payment',
      line_items: {
        0: {
          price_data: { currency: 'usd', unit_amount: '500', product_data: { name: '1,000 credits' } },
          quantity: '1',
        },
        1: { price: 'price_1' },
      },
      metadata: { packId: 'pack_1000' },
      success_url: 'http://x.test/ok?session_id={CHECKOUT_SESSION_ID}',
    });
  });

  it('joins `[]` hashes the way Rack does: a new element starts only when a key repeats', () => {
    // stripe-ruby before indexes and stripe-node's old `arrayFormat: brackets` wrote arrays of hashes so.
    const body = [
      'items[][price]=price_a',
      'items[][quantity]=2',
      'items[][price_data][currency]=usd',
      'items[][price]=price_b',
      'items[][price_data][currency]=eur',
      'items[][price_data][unit_amount]=5',
    ].join('&');
    expect(parseStripeForm(body)).toEqual({
      items: [
        { price: 'price_a', quantity: '2', price_data: { currency: 'usd' } },
        { price: 'price_b', price_data: { currency: 'eur', unit_amount: '5' } },
      ],
    });
  });

  it('reads empty brackets as appends and percent-encoded brackets like plain ones', () => {
    expect(parseStripeForm('expand[]=payment_intent&expand[]=line_items')).toEqual({
      expand: ['payment_intent', 'line_items'],
    });
    expect(parseStripeForm('created%5Bgte%5D=1700000000&expand%5B0%5D=data.payment_intent')).toEqual({
      created: { gte: '1700000000' },
      expand: { 0: 'data.payment_intent' },
    });
  });

  it('keeps numeric metadata keys as keys, not positions', () => {
    expect(parseStripeForm('metadata[0]=zero&metadata[1]=one')).toEqual({ metadata: { 0: 'zero', 1: 'one' } });
    expect(Array.isArray(parseStripeForm('metadata[0]=zero').metadata)).toBe(false);
  });

  it('ignores keys that would reach Object.prototype', () => {
    const parsed = parseStripeForm('__proto__[polluted]=yes&metadata[constructor]=x&a=1');
    expect(parsed).toEqual({ a: '1' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
