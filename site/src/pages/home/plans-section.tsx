// The home page's plans: the user's subscription (status, renewal or end date, the billing portal) and the
// plans on sale, each with Subscribe while the user has none.
import { For, Show } from 'solid-js';
import { Loaded } from '../../components/loaded';
import { formatMoney, locale } from '../../lib/i18n';
import type { createPlansData, PlanOffer } from './plans-data';
import { noticeText, type PlansNotice, st } from './subscription-i18n';
import { subscription } from './subscription-store';
import {
  canSubscribe,
  formatShortDay,
  pendingSwitch,
  planNameKey,
  statusLines,
  subscriptionPhase,
} from './subscription-view';
import './plans.css';

export type PlansData = ReturnType<typeof createPlansData>;

/** A plan's name in the page's language; the server's name for a plan the site has no words for. */
export function planName(planId: string, plans: readonly PlanOffer[] | undefined): string {
  const key = planNameKey(planId);
  return key ? st(key) : (plans?.find((p) => p.id === planId)?.name ?? planId);
}

/** A plan card's facts: name, credits a month, reset or rollover, price. Shared by home and the landing page. */
export function PlanFacts(props: { plan: PlanOffer; plans: readonly PlanOffer[] }) {
  return (
    <>
      <h3>{planName(props.plan.id, props.plans)}</h3>
      <p class="pack-credits">{st('plan_credits', { credits: props.plan.monthlyCredits })}</p>
      <p class="muted">
        {props.plan.rollover > 0 ? st('plan_rollover', { rollover: props.plan.rollover }) : st('plan_resets')}
      </p>
      <p class="pack-price">
        {st('plan_price', { price: formatMoney(locale(), props.plan.amount, props.plan.currency) })}
      </p>
    </>
  );
}

function SubscriptionCard(props: { data: PlansData }) {
  const sub = () => subscription() ?? null;
  const switching = () => pendingSwitch(sub(), props.data.plans());
  // During a switch the plan the user has now is the one whose credits they hold; the next is announced below.
  const shownPlan = () => switching()?.current.id ?? sub()?.planId ?? '';
  return (
    <Show when={statusLines(sub())}>
      {(lines) => (
        <div class="card subscription-card">
          <h3>
            {st('sub_heading', { plan: planName(shownPlan(), props.data.plans()) })}
            <span class="plan-badge" classList={{ 'is-warning': subscriptionPhase(sub()) === 'past_due' }}>
              {st(lines().badge)}
            </span>
          </h3>
          <Show when={lines().detail}>
            {(detail) => (
              <p>
                {st(detail().key, {
                  date:
                    detail().vars.date === undefined ? '' : formatShortDay(locale(), detail().vars.date!, Date.now()),
                })}
              </p>
            )}
          </Show>
          <Show when={switching()}>
            {(change) => (
              <p>
                {st('sub_switch', {
                  plan: planName(change().next.id, props.data.plans()),
                  date: formatShortDay(locale(), change().at, Date.now()),
                  credits: change().next.monthlyCredits,
                  from: planName(change().current.id, props.data.plans()),
                  fromCredits: change().current.monthlyCredits,
                })}
              </p>
            )}
          </Show>
          <p class="muted small">{st('sub_manage_hint')}</p>
          <div class="row">
            <button
              type="button"
              class="button primary"
              disabled={props.data.leaving() !== undefined}
              aria-busy={props.data.leaving() === 'portal'}
              onClick={props.data.openPortal}
            >
              {props.data.leaving() === 'portal' ? st('sub_opening_portal') : st('sub_manage')}
            </button>
          </div>
        </div>
      )}
    </Show>
  );
}

function Notice(props: { notice: PlansNotice | undefined }) {
  return (
    <Show when={props.notice}>
      {(n) => (
        <p role="alert" class="alert">
          {noticeText(n())}
        </p>
      )}
    </Show>
  );
}

export function PlansSection(props: { data: PlansData }) {
  const data = props.data;
  // Unknown until GET /api/subscription answers: no Subscribe button that might open a second plan.
  const known = () => subscription() !== undefined;
  const current = (planId: string) =>
    subscriptionPhase(subscription() ?? null) !== 'none' && subscription()?.planId === planId;

  return (
    <section id="plans" aria-labelledby="plans-title">
      <h2 id="plans-title">{st('plans_title')}</h2>
      <SubscriptionCard data={data} />
      <Notice notice={data.actionError()} />
      <Notice notice={data.plansError()} />
      <p class="muted">{st('plans_intro')}</p>
      <Loaded when={data.plans()} failed={data.plansError()} empty={<p class="muted">{st('plans_empty')}</p>}>
        {(plans) => (
          <ul class="packs">
            <For each={plans()}>
              {(plan) => (
                <li class="card pack plan" classList={{ 'is-current': current(plan.id) }}>
                  <PlanFacts plan={plan} plans={plans()} />
                  <Show when={current(plan.id)}>
                    <p>
                      <span class="plan-badge">{st('plan_current')}</span>
                    </p>
                  </Show>
                  <Show when={known() && canSubscribe(subscription() ?? null)}>
                    <button
                      type="button"
                      class="button primary"
                      disabled={data.leaving() !== undefined}
                      aria-busy={data.leaving() === plan.id}
                      onClick={() => data.subscribe(plan.id)}
                    >
                      {data.leaving() === plan.id ? st('plan_subscribing') : st('plan_subscribe')}
                      <span class="visually-hidden"> {planName(plan.id, plans())}</span>
                    </button>
                  </Show>
                </li>
              )}
            </For>
          </ul>
        )}
      </Loaded>
    </section>
  );
}
