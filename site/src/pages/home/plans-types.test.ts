// Specifies that the plans UI reads the Worker's own shapes (Hono RPC types): a route that stops answering a
// field the UI relies on fails `npm run typecheck` here. At run time these are no-ops.
import { describe, expectTypeOf, it } from 'vitest';
import type { Lot, Plan, SubscribeOptions, Subscription } from '../../lib/api';
import type { Locale } from '../../lib/i18n';
import type { PlanOffer } from './plans-data';
import type { LotLike, SubscriptionLike } from './subscription-view';

describe('plans API types', () => {
  it('are what the plans UI reads', () => {
    expectTypeOf<Plan>().toExtend<PlanOffer>();
    expectTypeOf<Subscription>().toExtend<SubscriptionLike>();
    expectTypeOf<Lot>().toExtend<LotLike>();
    expectTypeOf<Subscription['id']>().toEqualTypeOf<string>();
    expectTypeOf<SubscribeOptions['locale']>().toEqualTypeOf<Locale | undefined>();
    expectTypeOf<SubscribeOptions['idempotencyKey']>().toEqualTypeOf<string | undefined>();
  });
});
