// The cron's sweep at scale: batches of expire moves for many users at once must stay within D1's
// 100 bound parameters per statement (the state read binds the batch's users as one JSON value).
import { describe, expect, it } from 'vitest';
import { ignoreCommits } from '../../worker/ledger/commit';
import { sweepDue } from '../../worker/ledger/expiry';
import { expectLedgerConsistent, grantCredits, testDb } from '../helpers';
import { quickAccount } from '../reliability/support';

describe('sweepDue over many users', () => {
  it('expires 150 users’ lots and 120 lots of one user in one run, once each', async () => {
    const past = Date.now() - 60_000;
    const many = await Promise.all(Array.from({ length: 150 }, () => quickAccount()));
    for (const user of many) await grantCredits(user.id, 10, undefined, past);
    const heavy = await quickAccount();
    for (let i = 0; i < 120; i++) await grantCredits(heavy.id, 1, undefined, past);

    const swept = await sweepDue(testDb(), ignoreCommits, Date.now());
    expect(swept).toEqual({ expiredLots: 270, expiredHolds: 0 });
    for (const user of [...many.slice(0, 5), heavy]) expect(await expectLedgerConsistent(user.id)).toBe(0);
    // A second run finds nothing left.
    expect(await sweepDue(testDb(), ignoreCommits, Date.now())).toEqual({ expiredLots: 0, expiredHolds: 0 });
  }, 60_000);
});
