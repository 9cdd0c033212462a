// The slim Stripe SDK build (npm run stripe:slim): the committed files are what the generator
// writes from the pinned SDK, they build exactly the allowlisted resources, the Worker's bundle
// maps `stripe` to them, and an allowlisted resource the SDK lacks stops the generator.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { STRIPE_RESOURCES } from '../../worker/stripe/resources.ts';
import { SLIM_SDK_DIR, slimCore, slimSdkFiles } from './slim.ts';

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
