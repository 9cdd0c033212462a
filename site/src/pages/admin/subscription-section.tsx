// The user page's plan: plan, status, period, cancel-at-period-end, the Stripe customer and
// subscription ids (linked to Stripe's dashboard against real Stripe only), and every plan payment
// with Stripe's word, its grant and clawback, and a refund.
import { createSignal, type JSX, Show } from 'solid-js';
import { adminApi } from '../../lib/admin-api';
import type { AdminUserPicture } from '../../lib/api';
import { credits, formatMoney, locale } from '../../lib/i18n';
import { at } from './admin-i18n';
import { RefundForm } from './refund-form';
import { statusWord } from './status-words';
import { type StripeReport, StripeSays } from './stripe-says';
import { TableSection, when } from './user-tables';

type Invoice = NonNullable<AdminUserPicture['subscription']>['invoices'][number];

function StripeId(props: { id: string | null; path: string; dashboard: string | null }): JSX.Element {
  return (
    <Show when={props.id} fallback={at('none')}>
      {(id) => (
        <Show when={props.dashboard} fallback={<code>{id()}</code>}>
          {(base) => (
            <a href={`${base()}/${props.path}/${encodeURIComponent(id())}`} target="_blank" rel="noreferrer">
              <code>{id()}</code>
            </a>
          )}
        </Show>
      )}
    </Show>
  );
}

export function SubscriptionSection(props: {
  picture: AdminUserPicture;
  stripe: StripeReport;
  onRefunded: (message: string) => void;
}) {
  const [refunding, setRefunding] = createSignal<Invoice>();
  const sub = () => props.picture.subscription;
  const dashboard = () => props.picture.stripeDashboard;
  return (
    <section aria-labelledby="plan-title">
      <h2 id="plan-title">{at('plan_title')}</h2>
      <dl class="facts">
        <dt>{at('col_plan')}</dt>
        <dd>{sub() ? `${sub()?.planId} · ${statusWord(sub()?.status ?? '')}` : at('plan_none')}</dd>
        <Show when={sub()}>
          {(s) => (
            <>
              <dt>{at('plan_period_end')}</dt>
              <dd>
                {when(s().currentPeriodEnd)}
                {s().cancelAtPeriodEnd ? ` · ${at('plan_cancels')}` : ''}
              </dd>
              <dt>{at('plan_subscription')}</dt>
              <dd>
                <StripeId id={s().id} path="subscriptions" dashboard={dashboard()} />
              </dd>
            </>
          )}
        </Show>
        <dt>{at('plan_customer')}</dt>
        <dd>
          <StripeId id={props.picture.user.stripeCustomerId} path="customers" dashboard={dashboard()} />
        </dd>
      </dl>
      <TableSection
        id="invoices-title"
        title="invoices_title"
        empty="invoices_empty"
        rows={sub()?.invoices ?? []}
        columns={[
          { head: () => at('col_period'), cell: (i) => `${when(i.periodStart)} – ${when(i.periodEnd)}` },
          { head: () => at('col_plan'), cell: (i) => i.planId },
          { head: () => at('col_amount'), cell: (i) => formatMoney(locale(), i.amount, i.currency), class: 'num' },
          {
            head: () => at('col_stripe_says'),
            cell: (i) => <StripeSays report={props.stripe} word={(r) => r.invoices[i.id]} />,
          },
          { head: () => at('col_granted'), cell: (i) => (i.granted ? credits(i.credits) : at('none')), class: 'num' },
          { head: () => at('col_clawed'), cell: (i) => credits(i.creditsClawed), class: 'num' },
          {
            head: () => <span class="visually-hidden">{at('refund')}</span>,
            cell: (i) => (
              <Show when={i.paymentIntent && i.amount > 0}>
                <button type="button" class="button" onClick={() => setRefunding(i)}>
                  {at('refund')}
                  <span class="visually-hidden"> {i.id}</span>
                </button>
              </Show>
            ),
          },
        ]}
      />
      <Show when={refunding()}>
        {(i) => (
          <RefundForm
            purchase={{ sessionId: i().id, amount: i().amount, amountRefunded: 0, currency: i().currency }}
            email={props.picture.user.email}
            send={(body) => adminApi.refundInvoice(i().id, body)}
            onClose={(done) => {
              setRefunding(undefined);
              if (done) props.onRefunded(done);
            }}
          />
        )}
      </Show>
    </section>
  );
}
