// The settings API, cookie and service key alike: the contract's shape, and bad settings refused
// with the right code while nothing changes.
import { describe, expect, it } from 'vitest';
import { startAttempt } from '../../worker/autotopup/attempts';
import { storeCard } from '../../worker/autotopup/settings';
import { operator } from '../admin/support';
import { api, signUp } from '../helpers';
import { makeKey, service } from '../service/support';
import { db, FAKE_CARD, settingsOf, topupUser } from './support';

const good = { enabled: true, thresholdCredits: 100, packId: 'starter', monthlyLimitCents: 5_000 };

describe('auto top-up settings', () => {
  it('answers the contract shape for a user who never set anything', async () => {
    const user = await signUp();
    const res = await api('/api/auto-topup', { cookie: user.cookie });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      enabled: false,
      thresholdCredits: 100,
      packId: 'starter',
      monthlyLimitCents: 5_000,
      chargedThisMonthCents: 0,
      card: null,
      status: 'off',
      lastAttempt: null,
    });
    expect((await api('/api/auto-topup')).status).toBe(401);
  });

  it.each([
    ['threshold 0', { thresholdCredits: 0 }, 400, 'invalid_request'],
    ['threshold over 1,000,000', { thresholdCredits: 1_000_001 }, 400, 'invalid_request'],
    ['a fractional threshold', { thresholdCredits: 1.5 }, 400, 'invalid_request'],
    ['a limit below the pack price', { packId: 'creator', monthlyLimitCents: 4_999 }, 400, 'invalid_request'],
    ['a limit over 100,000', { monthlyLimitCents: 100_001 }, 400, 'invalid_request'],
    ['an unknown pack', { packId: 'mega' }, 400, 'unknown_pack'],
    ['enabled not a boolean', { enabled: 'yes' }, 400, 'invalid_request'],
  ])('refuses %s and changes nothing', async (_, over, status, code) => {
    const user = await topupUser({ enabled: false, threshold: 300 });
    const res = await api('/api/auto-topup', { method: 'PUT', cookie: user.cookie, body: { ...good, ...over } });
    expect(res.status).toBe(status);
    expect(await res.json()).toMatchObject({ error: { code } });
    expect(await settingsOf(user.id)).toMatchObject({ enabled: 0, threshold_credits: 300 });
  });

  it('refuses to enable without a card (409 needs_card) but saves it off', async () => {
    const user = await signUp();
    const refused = await api('/api/auto-topup', { method: 'PUT', cookie: user.cookie, body: good });
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ error: { code: 'needs_card' } });
    expect(await settingsOf(user.id)).toBeNull();
    const off = await api('/api/auto-topup', { method: 'PUT', cookie: user.cookie, body: { ...good, enabled: false } });
    expect(off.status).toBe(200);
    expect(await off.json()).toMatchObject({ enabled: false, status: 'off' });
  });

  it('shows needs_card for an enabled user whose row has no card, and the card once saved', async () => {
    const user = await signUp();
    await storeCard(db, user.id, FAKE_CARD, Date.now());
    const res = await api('/api/auto-topup', {
      method: 'PUT',
      cookie: user.cookie,
      body: { ...good, thresholdCredits: 250 },
    });
    expect(await res.json()).toMatchObject({
      enabled: true,
      status: 'active',
      thresholdCredits: 250,
      card: { brand: 'visa', last4: '4242', expMonth: 12, expYear: 2034 },
    });
  });

  it('the service API reads and writes the same settings', async () => {
    const key = await makeKey();
    const user = await topupUser({ enabled: false });
    const put = await service(`/users/${user.id}/auto-topup`, {
      method: 'PUT',
      key: key.secret,
      body: { ...good, packId: 'creator', monthlyLimitCents: 10_000 },
    });
    expect(put.status).toBe(200);
    expect(await put.json()).toMatchObject({ enabled: true, packId: 'creator', status: 'active' });
    const got = await service(`/users/${user.id}/auto-topup`, { key: key.secret });
    expect(await got.json()).toMatchObject({ packId: 'creator', monthlyLimitCents: 10_000 });
    const bad = await service(`/users/${user.id}/auto-topup`, {
      method: 'PUT',
      key: key.secret,
      body: { ...good, thresholdCredits: 0 },
    });
    expect(bad.status).toBe(400);
    expect((await service(`/users/nobody/auto-topup`, { key: key.secret })).status).toBe(404);
    expect((await service(`/users/${user.id}/auto-topup`)).status).toBe(401);
  });

  it("shows the console the user's auto top-up and attempts", async () => {
    const admin = await operator();
    const user = await topupUser({ credits: 0 });
    const started = await startAttempt(db, user.id, Date.now());
    expect(started.outcome).toBe('started');
    const res = await api(`/api/admin/users/${user.id}`, { cookie: admin.cookie });
    expect(res.status).toBe(200);
    const { autoTopup } = (await res.json()) as { autoTopup: Record<string, unknown> };
    expect(autoTopup).toMatchObject({
      enabled: true,
      status: 'active',
      chargedThisMonthCents: 1_000,
      card: { last4: '4242' },
      attempts: [{ status: 'pending', amountCents: 1_000, credits: 1_000, packId: 'starter', paymentIntentId: null }],
    });
  });
});
