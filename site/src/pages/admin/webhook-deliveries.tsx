// One endpoint's delivery log in the console's Webhooks page: each attempt (time, type, message,
// attempt, delivered/failed, the answer's status code), "Resend" per message, Refresh and More.
import { onMount } from 'solid-js';
import { adminApi } from '../../lib/admin-api';
import type { WebhookEndpoint } from '../../lib/api';
import { formatDateTime, locale } from '../../lib/i18n';
import { at } from './admin-i18n';
import { createPagedList } from './paged-list';
import { PagedTable } from './paged-table-page';

export function WebhookDeliveries(props: {
  endpoint: WebhookEndpoint;
  /** Runs a change (the page's busy state, status line and alert). */
  change: (act: () => Promise<unknown>, done: string) => Promise<void>;
  onClose: () => void;
}) {
  const paged = createPagedList(
    (cursor?: string) =>
      adminApi
        .webhookDeliveries(props.endpoint.id, cursor)
        .then((p) => ({ items: p.deliveries, nextCursor: p.nextCursor })),
    (d) => `${d.messageId}/${d.attempt}`,
  );
  onMount(paged.first);
  const title = () => at('deliveries_title', { url: props.endpoint.url });
  const resend = (messageId: string) =>
    props.change(() => adminApi.resendWebhook(props.endpoint.id, messageId), at('resent_done', { id: messageId }));

  return (
    <section class="card" aria-labelledby="deliveries-title">
      <h2 id="deliveries-title" tabindex="-1" ref={(el) => queueMicrotask(() => el.focus())}>
        {title()}
      </h2>
      <div class="row">
        <button type="button" class="button" disabled={paged.loading()} onClick={paged.first}>
          {at('refresh')}
        </button>
        <button type="button" class="button" onClick={props.onClose}>
          {at('close')}
        </button>
      </div>
      <PagedTable
        paged={paged}
        label={title()}
        empty={at('deliveries_empty')}
        columns={[
          { head: () => at('col_time'), cell: (d) => formatDateTime(locale(), d.at) },
          { head: () => at('col_type'), cell: (d) => d.type },
          { head: () => at('col_message'), cell: (d) => d.messageId, class: 'mono' },
          { head: () => at('col_attempt'), cell: (d) => d.attempt, class: 'num' },
          {
            head: () => at('col_status'),
            cell: (d) => at(d.status === 'delivered' ? 'delivery_delivered' : 'delivery_failed'),
          },
          { head: () => at('col_code'), cell: (d) => d.responseCode ?? at('no_answer'), class: 'num' },
          {
            head: () => at('resend'),
            cell: (d) => (
              <button type="button" class="button" onClick={() => resend(d.messageId)}>
                {at('resend')}
                <span class="visually-hidden">
                  {' '}
                  {d.messageId} ({at('col_attempt')} {d.attempt})
                </span>
              </button>
            ),
          },
        ]}
      />
    </section>
  );
}
