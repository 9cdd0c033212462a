// Specifies that the site's API types are the Worker's own (Hono RPC types), not a copy that can drift.
// The assertions are checked by `npm run typecheck` (tsc over site/); at run time they are no-ops.

import type { Locale as WorkerLocale } from '@worker/vocabulary/locales';
import { describe, expectTypeOf, it } from 'vitest';
import type {
  AdjustmentBody,
  AdminAuditPage,
  AdminPurchase,
  AdminUserPicture,
  CheckoutOptions,
  CheckoutStatusName,
  LedgerEntry,
  Pack,
  User,
} from './api';
import type { Locale } from './i18n';

describe('API types', () => {
  it('take the checkout statuses and the ledger entry from the Worker routes', () => {
    expectTypeOf<CheckoutStatusName>().toEqualTypeOf<
      'open' | 'processing' | 'credited' | 'failed' | 'expired' | 'refunded'
    >();
    // The hand-written copy said `string | null`; the route answers a string.
    expectTypeOf<LedgerEntry['reference']>().toEqualTypeOf<string>();
    expectTypeOf<LedgerEntry>().toHaveProperty('balanceAfter').toEqualTypeOf<number>();
    expectTypeOf<User>().toHaveProperty('id').toEqualTypeOf<string>();
    expectTypeOf<User>().toHaveProperty('credits').toEqualTypeOf<number>();
    expectTypeOf<Pack>().toHaveProperty('amount').toEqualTypeOf<number>();
  });

  it("take the console's shapes from the admin routes: role on /me, the user picture, bodies, audit pages", () => {
    expectTypeOf<User['role']>().toEqualTypeOf<'user' | 'operator'>();
    expectTypeOf<AdminUserPicture['user']>().toHaveProperty('held').toEqualTypeOf<number>();
    expectTypeOf<AdminPurchase['status']>().toEqualTypeOf<CheckoutStatusName>();
    expectTypeOf<AdjustmentBody>().toHaveProperty('expiresAt').toEqualTypeOf<string | undefined>();
    expectTypeOf<AdminAuditPage['nextCursor']>().toEqualTypeOf<string | null>();
  });

  it('share one locale list between the site, the checkout body and the Worker', () => {
    expectTypeOf<Locale>().toEqualTypeOf<WorkerLocale>();
    expectTypeOf<CheckoutOptions['locale']>().toEqualTypeOf<Locale | undefined>();
  });
});
