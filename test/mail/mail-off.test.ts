// Mail that is off costs the money path nothing (issue 19): with no provider configured a purchase
// claims no mail_sent row (a claim it would only give back is two D1 writes for nothing), and with
// one, exactly one claim and one receipt. A receipt is routed by what its move paid for, never by
// the shape of the reference.
import { env } from 'cloudflare:test';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { balanceOf, signUp } from '../helpers';
import { completed, type SeededCheckout, seedCheckout } from '../stripe-helpers';
import { deliverAndSettle, mailSentRows, mailTo } from './support';

// Every insert into mail_sent, kept by a trigger this file adds: a claim given back leaves no row
// in mail_sent itself, so only this log shows whether one was ever written.
beforeEach(async () => {
  await env.DB.batch([
    env.DB.prepare('CREATE TABLE test_mail_claims (dedupe_key TEXT NOT NULL)'),
    env.DB.prepare(`CREATE TRIGGER test_log_mail_claims AFTER INSERT ON mail_sent
      BEGIN INSERT INTO test_mail_claims (dedupe_key) VALUES (NEW.dedupe_key); END`),
  ]);
});
afterEach(async () => {
  await env.DB.batch([
    env.DB.prepare('DROP TRIGGER test_log_mail_claims'),
    env.DB.prepare('DROP TABLE test_mail_claims'),
  ]);
});

async function claimsOf(checkout: SeededCheckout): Promise<string[]> {
  const { results } = await env.DB.prepare('SELECT dedupe_key FROM test_mail_claims WHERE dedupe_key LIKE ?')
    .bind(`%${checkout.sessionId}`)
    .all<{ dedupe_key: string }>();
  return results.map((r) => r.dedupe_key);
}

describe('mail off', () => {
  it('with no provider a purchase credits and claims nothing; with one, one claim and one receipt', async () => {
    const user = await signUp();
    const off = await seedCheckout(user.id, { credits: 1000, amount: 1000 });
    for (const unconfigured of [{ MAIL_API_KEY: '' }, { MAIL_FROM: '' }]) {
      expect((await deliverAndSettle(completed(off), { ...env, ...unconfigured })).status).toBe(200);
    }
    expect((await balanceOf(user.id)).credits).toBe(1000);
    expect(await claimsOf(off)).toEqual([]);

    const on = await seedCheckout(user.id, { credits: 1000, amount: 1000 });
    expect((await deliverAndSettle(completed(on))).status).toBe(200);
    expect(await claimsOf(on)).toEqual([`pack_receipt:${on.sessionId}`]);
    expect((await mailTo(user.email, 1)).map((m) => m.subject)).toEqual(['Your receipt: 1,000 credits']);
    expect(await mailSentRows(user.id)).toEqual([{ dedupe_key: `pack_receipt:${on.sessionId}`, kind: 'pack_receipt' }]);
  });

  it("a pack's receipt is sent even when its session id looks like a PaymentIntent's", async () => {
    const user = await signUp();
    const seeded = await seedCheckout(user.id, { credits: 1000, amount: 1000 });
    // An id the old `pi_` prefix test took for an auto top-up's (and found no attempt for: no mail).
    const checkout = { ...seeded, sessionId: `pi_${seeded.sessionId}` };
    await env.DB.prepare('UPDATE checkout_sessions SET id = ? WHERE id = ?')
      .bind(checkout.sessionId, seeded.sessionId)
      .run();
    expect((await deliverAndSettle(completed(checkout))).status).toBe(200);
    expect((await mailTo(user.email, 1)).map((m) => m.subject)).toEqual(['Your receipt: 1,000 credits']);
    expect(await claimsOf(checkout)).toEqual([`pack_receipt:${checkout.sessionId}`]);
  });
});
