// Test clocks: a frozen time their customers live in; advancing one renews (or ends) every subscription of those customers once per period crossed, in time order.

import { invalidRequest, resourceMissing } from '../core/stripe-errors';
import { buildTestClock, type TestClock } from '../objects/billing-objects';
import { unixNow } from '../objects/objects';
import type { EmulatorContext } from '../runtime/context';
import { renewSubscription } from './subscriptions';

/** Stripe finishes an advance asynchronously: the clock reads `advancing` for a moment, then `ready`. */
const ADVANCE_MS = 25;

export function createTestClock(ctx: EmulatorContext, params: { frozen_time: number; name?: string }): TestClock {
  const clock = buildTestClock({ frozenTime: params.frozen_time, name: params.name ?? null, created: unixNow() });
  ctx.store.testClocks.set(clock.id, clock);
  ctx.log(`created ${clock.id} at ${new Date(clock.frozen_time * 1000).toISOString()}`);
  return clock;
}

export function advanceTestClock(ctx: EmulatorContext, id: string, frozenTime: number): TestClock {
  const clock = ctx.store.testClocks.get(id);
  if (!clock) throw resourceMissing('test_helpers.test_clock', id, 'id', 'path');
  if (clock.status !== 'ready') {
    throw invalidRequest(`The test clock ${id} is still advancing; wait until its status is ready.`, {
      code: 'test_clock_not_ready',
    });
  }
  if (frozenTime <= clock.frozen_time) {
    throw invalidRequest('The frozen_time must be after the current frozen time of the test clock.', {
      param: 'frozen_time',
    });
  }
  clock.frozen_time = frozenTime;
  clock.status = 'advancing';
  const answer = structuredClone(clock);
  ctx.log(`advancing ${clock.id} to ${new Date(frozenTime * 1000).toISOString()}`);
  startAdvance(ctx, clock.id);
  return answer;
}

function startAdvance(ctx: EmulatorContext, id: string): void {
  ctx.scheduler.after(
    ADVANCE_MS,
    () => {
      finishAdvance(ctx, id);
      ctx.changed();
    },
    (error) => ctx.log(`test clock ${id} failed to advance: ${String(error)}`),
  );
}

/** After a restart: clocks saved mid-advance finish it. Returns how many. */
export function resumeTestClocks(ctx: EmulatorContext): number {
  const advancing = [...ctx.store.testClocks.values()].filter((clock) => clock.status === 'advancing');
  for (const clock of advancing) startAdvance(ctx, clock.id);
  return advancing.length;
}

/**
 * Crosses every period end up to the clock's time, earliest first across all its customers'
 * subscriptions, so three months crossed make three invoices per subscription, in order.
 */
export function finishAdvance(ctx: EmulatorContext, id: string): void {
  const clock = ctx.store.testClocks.get(id);
  if (!clock || clock.status !== 'advancing') return;
  for (;;) {
    let due: { id: string; end: number } | undefined;
    for (const subscription of ctx.store.subscriptions.values()) {
      if (subscription.test_clock !== id || subscription.status === 'canceled') continue;
      const end = subscription.items.data[0]!.current_period_end;
      if (end <= clock.frozen_time && (due === undefined || end < due.end)) due = { id: subscription.id, end };
    }
    if (!due) break;
    renewSubscription(ctx, due.id);
  }
  clock.status = 'ready';
  ctx.log(`${clock.id} ready at ${new Date(clock.frozen_time * 1000).toISOString()}`);
}
