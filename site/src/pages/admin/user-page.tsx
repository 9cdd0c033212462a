// /{locale}/admin/users/{id}: one user's money (balance live over the operator's watch socket, lots,
// holds, purchases with refunds, ledger) and the adjust form.
import { useParams } from '@solidjs/router';
import { createEffect, createResource, createSignal, For, on, onCleanup, Show } from 'solid-js';
import { type AdminPurchase, adminApi } from '../../lib/api';
import { credits, formatMoney, locale } from '../../lib/i18n';
import { createLiveBalance } from '../../lib/live-balance';
import { usePageTitle } from '../../lib/page-title';
import { AdjustForm } from './adjust-form';
import { at } from './admin-i18n';
import { ErrorAlert, TableWrap } from './admin-ui';
import { RefundForm } from './refund-form';
import { UserTables, when } from './user-tables';

export default function UserPage() {
  const params = useParams<{ id: string }>();
  const [picture, { refetch }] = createResource(() => params.id, adminApi.user);
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
            </section>
            <AdjustForm userId={p().user.id} email={p().user.email} onDone={() => void refetch()} />
            <section aria-labelledby="purchases-title">
              <h2 id="purchases-title">{at('purchases_title')}</h2>
              <p role="status" ref={refundStatus} tabindex="-1" class="notice ok" hidden={!refundDone()}>
                {refundDone()}
              </p>
              <Show when={p().purchases.length > 0} fallback={<p class="muted">{at('purchases_empty')}</p>}>
                <TableWrap label={at('purchases_title')}>
                  <table class="ledger">
                    <thead>
                      <tr>
                        <th scope="col">{at('col_time')}</th>
                        <th scope="col">{at('col_pack')}</th>
                        <th scope="col" class="num">
                          {at('col_amount')}
                        </th>
                        <th scope="col">{at('col_status')}</th>
                        <th scope="col" class="num">
                          {at('col_refunded')}
                        </th>
                        <th scope="col">{at('col_session')}</th>
                        <th scope="col">
                          <span class="visually-hidden">{at('refund')}</span>
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      <For each={p().purchases}>
                        {(purchase: AdminPurchase) => (
                          <tr>
                            <td>{when(purchase.createdAt)}</td>
                            <td>
                              {purchase.packId} ({credits(purchase.credits)})
                            </td>
                            <td class="num">{formatMoney(locale(), purchase.amount, purchase.currency)}</td>
                            <td>{purchase.status}</td>
                            <td class="num">{formatMoney(locale(), purchase.amountRefunded, purchase.currency)}</td>
                            <td class="mono">{purchase.sessionId}</td>
                            <td>
                              <Show when={purchase.paymentIntent && purchase.amountRefunded < purchase.amount}>
                                <button type="button" class="button" onClick={() => setRefunding(purchase.sessionId)}>
                                  {at('refund')}
                                  <span class="visually-hidden"> {purchase.sessionId}</span>
                                </button>
                              </Show>
                            </td>
                          </tr>
                        )}
                      </For>
                    </tbody>
                  </table>
                </TableWrap>
              </Show>
              <Show when={p().purchases.find((x) => x.sessionId === refunding())}>
                {(purchase) => <RefundForm purchase={purchase()} email={p().user.email} onClose={closeRefund} />}
              </Show>
            </section>
            <UserTables picture={p()} />
          </>
        )}
      </Show>
    </>
  );
}
