// The slim Stripe SDK build (npm run stripe:slim): the committed files are what the generator
// writes from the pinned SDK, they build exactly the allowlisted resources, the Worker's bundle
// maps `stripe` to them, and an allowlisted resource the SDK lacks stops the generator.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { STRIPE_RESOURCES } from '../../worker/stripe/resources.ts';
import { slimResources } from './resources.ts';
import { builtResources, SLIM_SDK_DIR, slimCore, slimSdkFiles } from './slim.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const committed = (name: string) => readFileSync(resolve(root, SLIM_SDK_DIR, name), 'utf8');

describe('the slim Stripe SDK build', () => {
  it('is committed exactly as the generator writes it from the installed SDK', () => {
    for (const [name, text] of Object.entries(slimSdkFiles(root))) expect(committed(name), name).toBe(text);
  });

  it('constructs every allowlisted resource and nothing else', () => {
    const built = [...committed('stripe-core.slim.js').matchAll(/this\.(\w+) = new (\w+)\(this\)/g)].map((m) => m[1]);
    expect(built.sort()).toEqual([...STRIPE_RESOURCES].sort());
  });

  it('gives each resource only its allowlisted methods, with the SDK paths and no v2 schemas', () => {
    const text = committed('stripe-resources.slim.js');
    const customers = text.match(/class CustomerResource extends StripeResource \{\n([\s\S]*?)^\}/m)?.[1] ?? '';
    expect([...customers.matchAll(/^ {4}(\w+)\(/gm)].map((m) => m[1])).toEqual(['create', 'del', 'list', 'retrieve']);
    expect(customers).toContain("this._makeRequest('DELETE', `/v1/customers/");
    expect(text).toMatch(
      /list\(params, options\) \{\n.*'\/v1\/checkout\/sessions', params, options, \{\n {12}methodType: 'list',\n/,
    );
    expect(text).not.toMatch(/Schema|decimal_string/);
    for (const name of [
      'stripe-core.slim.js',
      'stripe.slim.js',
      'stripe-resource.slim.js',
      'auto-pagination.slim.js',
    ]) {
      expect(committed(name), name).not.toMatch(/V2Coercion|Decimal\.js|shared\.js/);
    }
  });

  it('leaves out the webhooks module and thin event notifications (the Worker verifies v1 events itself)', () => {
    const core = committed('stripe-core.slim.js');
    expect(core).not.toMatch(/Webhooks\.js|StripeEventNotificationHandler|parseEventNotification|withStripeContext/);
    expect(core).toContain('const createWebhooks = () => undefined;');
  });

  it('refuses an allowlisted method the SDK does not have', () => {
    const sdk = resolve(root, 'node_modules/stripe/esm');
    const read = (p: string) => readFileSync(resolve(sdk, p), 'utf8');
    const built = builtResources(read('stripe.core.js'));
    expect(() => slimResources({ charges: ['retrieve', 'teleport'] }, built, read)).toThrow(
      'resources/Charges.js has no method teleport',
    );
  });

  it("is what the Worker's bundle (wrangler.toml) imports as `stripe`", () => {
    expect(readFileSync(resolve(root, 'wrangler.toml'), 'utf8')).toContain(
      `"stripe" = "./${SLIM_SDK_DIR}/stripe.slim.js"`,
    );
  });

  it('refuses an allowlisted resource the SDK does not build', () => {
    const source = readFileSync(resolve(root, 'node_modules/stripe/esm/stripe.core.js'), 'utf8');
    expect(() => slimCore(source, { keep: ['checkout', 'crystalBalls'], sdkPath: './', version: '0' })).toThrow(
      'stripe.core.js builds no crystalBalls',
    );
  });
});
