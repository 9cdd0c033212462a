// Expiries past 2100-01-01T00:00:00Z are refused with a 400 wherever they enter (issue 18, item 9):
// the console's adjustments and the service API's grants, both validated by worker/fields.ts.
import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { insertApiKey, newApiKey } from '../../worker/accounts/api-keys';
import { LATEST_EXPIRY } from '../../worker/fields';
import { api, expectLedgerConsistent, ledgerRows, ORIGIN, signUp, testDb } from '../helpers';
import { auditRows, operator } from './support';

const TOO_LATE = ['2100-01-01T00:00:00.001Z', '2190-06-01T00:00:00Z', '9999-12-31T23:59:59Z'];
const refusal = {
  error: { code: 'invalid_request', message: 'expiresAt: must be no later than 2100-01-01T00:00:00Z' },
};

async function serviceGrant(userId: string, body: unknown) {
  const key = await newApiKey();
  await testDb().run(insertApiKey(key, `bound-${crypto.randomUUID().slice(0, 6)}`));
  return SELF.fetch(`${ORIGIN}/api/v1/users/${userId}/grants`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key.secret}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

describe('the expiry bound', () => {
  it('console adjustments: later → 400 writing nothing; the bound itself is accepted', async () => {
    const [op, target] = [await operator(), await signUp()];
    const auditBefore = (await auditRows()).length;
    for (const expiresAt of TOO_LATE) {
      const res = await api(`/api/admin/users/${target.id}/adjustments`, {
        method: 'POST',
        cookie: op.cookie,
        body: { amount: 5, reason: 'promo', idempotencyKey: `k-${expiresAt}`, expiresAt },
      });
      expect(res.status, expiresAt).toBe(400);
      expect(await res.json()).toEqual(refusal);
    }
    expect(await ledgerRows(target.id)).toEqual([]);
    expect(await auditRows()).toHaveLength(auditBefore);
    const ok = await api(`/api/admin/users/${target.id}/adjustments`, {
      method: 'POST',
      cookie: op.cookie,
      body: { amount: 5, reason: 'promo', idempotencyKey: 'at-bound', expiresAt: LATEST_EXPIRY },
    });
    expect(ok.status).toBe(201);
    expect(await expectLedgerConsistent(target.id)).toBe(5);
  });

  it('service API grants: later → 400 writing nothing; the bound itself is accepted', async () => {
    const user = await signUp();
    for (const expiresAt of TOO_LATE) {
      const res = await serviceGrant(user.id, {
        amount: 5,
        reason: 'promo',
        idempotencyKey: `k-${expiresAt}`,
        expiresAt,
      });
      expect(res.status, expiresAt).toBe(400);
      expect(await res.json()).toEqual(refusal);
    }
    expect(await ledgerRows(user.id)).toEqual([]);
    const ok = await serviceGrant(user.id, {
      amount: 5,
      reason: 'promo',
      idempotencyKey: 'b',
      expiresAt: LATEST_EXPIRY,
    });
    expect(ok.status).toBe(201);
    expect(await expectLedgerConsistent(user.id)).toBe(5);
  });
});
