// /{locale}/admin/users/{id}: one user's money (balance live over the operator's watch socket, lots,
// holds, purchases with Stripe's own word, settle and refund, ledger) and the adjust form.
import { A, useParams } from '@solidjs/router';
import { createEffect, createResource, createSignal, on, onCleanup, Show } from 'solid-js';
import { type Column, DataTable } from '../../components/data-table';
import { Loaded } from '../../components/loaded';
import { adminApi } from '../../lib/admin-api';
import type { AdminPurchase } from '../../lib/api';
import { credits, formatMoney, locale, localePath } from '../../lib/i18n';
import { createLiveBalance } from '../../lib/live-balance';
import { usePageTitle } from '../../lib/page-title';
import { AdjustForm } from './adjust-form';
import { at } from './admin-i18n';
import { ErrorAlert } from './admin-ui';
import { RefundForm } from './refund-form';
import { statusWord } from './status-words';
import { SettleButton, StripeSays, StripeUnreachable } from './stripe-says';
import { SubscriptionSection } from './subscription-section';
import { UserTables, when } from './user-tables';

export default function UserPage() {
  const params = useParams<{ id: string }>();
  const [picture, { refetch }] = createResource(() => params.id, adminApi.user);
  // Asked once on open (and after a settle): Stripe's side must never hold up or break the page.
  const [stripe, { refetch: refetchStripe }] = createResource(() => params.id, adminApi.stripeStatus);
  const [refunding, setRefunding] = createSignal<string>();
  const [refundDone, setRefundDone] = createSignal<string>();
  let refundStatus!: HTMLParagraphElement;
  const email = () => picture()?.user.email ?? '';
  usePageTitle(() => at('user_title', { email: email() }));

  const [live, setLive] = createSignal<ReturnType<typeof createLiveBalance>>();
  // One watch socket per user shown; every pushed change re-reads the page (lots, ledger, purchases).
  createEffect(
    on(
      () => params.id,
      (id) => {
        const live = createLiveBalance({
          path: adminApi.livePath(id),
          poll: () => adminApi.user(id).then((p) => p.user.credits),
        });
        setLive(live);
        live.start();
        const off = live.onReconnect(() => void refetch());
        createEffect(on(live.lastChange, (change) => change && void refetch(), { defer: true }));
        onCleanup(() => {
          off();
          live.stop();
        });
      },
    ),
  );
  const shownCredits = () => live()?.balance()?.credits ?? picture.latest?.user.credits;

  const money = (n: number, purchase: AdminPurchase) => formatMoney(locale(), n, purchase.currency);
  const purchaseColumns: Column<AdminPurchase>[] = [
    { head: () => at('col_time'), cell: (purchase) => when(purchase.createdAt) },
    { head: () => at('col_pack'), cell: (purchase) => `${purchase.packId} (${credits(purchase.credits)})` },
    { head: () => at('col_amount'), cell: (purchase) => money(purchase.amount, purchase), class: 'num' },
    { head: () => at('col_status'), cell: (purchase) => statusWord(purchase.status) },
    {
      head: () => at('col_stripe_says'),
      cell: (purchase) => <StripeSays report={stripe} word={(r) => r.purchases[purchase.sessionId]} />,
    },
    { head: () => at('col_refunded'), cell: (purchase) => money(purchase.amountRefunded, purchase), class: 'num' },
    { head: () => at('col_session'), cell: (purchase) => purchase.sessionId, class: 'mono' },
    {
      head: () => <span class="visually-hidden">{at('refund')}</span>,
      cell: (purchase) => (
        <>
          <SettleButton
            purchase={purchase}
            report={stripe}
            onSettled={(message) => {
              setRefundDone(message);
              void refetch();
              void refetchStripe();
              refundStatus.focus();
            }}
          />
          <Show when={purchase.paymentIntent && purchase.amountRefunded < purchase.amount}>
            <button type="button" class="button" onClick={() => setRefunding(purchase.sessionId)}>
              {at('refund')}
              <span class="visually-hidden"> {purchase.sessionId}</span>
            </button>
          </Show>
        </>
      ),
    },
  ];

  const closeRefund = (done?: string) => {
    setRefunding(undefined);
    if (done) {
      setRefundDone(done);
      refundStatus.focus();
    }
  };

  return (
    <>
      <ErrorAlert error={picture.error} />
      <Show when={picture.latest}>
        {(p) => (
          <>
            <section aria-labelledby="user-title">
              <h1 id="user-title">{at('user_title', { email: p().user.email })}</h1>
              <p class="muted">
                {p().user.id}
                {p().user.role === 'operator' ? ` · ${at('user_role_operator')}` : ''}
              </p>
              <p class="hero-balance">
                <output aria-label={at('user_balance', { email: p().user.email })}>
                  {credits(shownCredits() ?? 0)}
                </output>{' '}
                <small class="muted">{live()?.connected() ? at('live_on') : at('live_off')}</small>
              </p>
              <p class="muted">
                {at('col_held')}: {credits(p().user.held)}
              </p>
              <p>
                <A href={localePath(`/admin/users/${encodeURIComponent(p().user.id)}/as-user`)}>{at('view_as_link')}</A>
              </p>
            </section>
            <AdjustForm userId={p().user.id} email={p().user.email} onDone={() => void refetch()} />
            <section aria-labelledby="purchases-title">
              <h2 id="purchases-title">{at('purchases_title')}</h2>
              <StripeUnreachable report={stripe} />
              <p role="status" ref={refundStatus} tabindex="-1" class="notice ok" hidden={!refundDone()}>
                {refundDone()}
              </p>
              <Loaded when={p().purchases} empty={<p class="muted">{at('purchases_empty')}</p>}>
                {(purchases) => (
                  <DataTable
                    label={at('table_label', { title: at('purchases_title') })}
                    columns={purchaseColumns}
                    rows={purchases()}
                  />
                )}
              </Loaded>
              <Show when={p().purchases.find((x) => x.sessionId === refunding())}>
                {(purchase) => <RefundForm purchase={purchase()} email={p().user.email} onClose={closeRefund} />}
              </Show>
            </section>
            <SubscriptionSection
              picture={p()}
              stripe={stripe}
              onRefunded={(message) => {
                setRefundDone(message);
                refundStatus.focus();
              }}
            />
            <UserTables picture={p()} />
          </>
        )}
      </Show>
    </>
  );
}
