// /{locale}/admin/webhooks: the app's endpoints for events out. Add one (webhook-form.tsx; its secret shown once, with
// a copy button), see each one's types and status (why it was disabled), disable or enable it,
// rotate its secret (the new one shown once, the overlap said), delete it after a confirmation, and
// open its delivery log to resend a message (webhook-deliveries.tsx).
import { createResource, createSignal, Show } from 'solid-js';
import { DataTable } from '../../components/data-table';
import { ConfirmStep } from '../../components/form-parts';
import { Loaded } from '../../components/loaded';
import { adminApi } from '../../lib/admin-api';
import type { WebhookEndpoint } from '../../lib/api';
import { formatDateTime, locale } from '../../lib/i18n';
import { usePageTitle } from '../../lib/page-title';
import { type AdminKey, at } from './admin-i18n';
import { ErrorAlert, SecretCard } from './admin-ui';
import { WebhookDeliveries } from './webhook-deliveries';
import { WebhookForm } from './webhook-form';

/** A secret to show once: the new endpoint's, or a rotation's with the old one's end of overlap. */
interface Shown {
  url: string;
  secret: string;
  overlapUntil?: string;
}

export default function WebhooksPage() {
  usePageTitle(() => at('webhooks_title'));
  const [endpoints, { refetch }] = createResource(adminApi.webhooks);
  const [shown, setShown] = createSignal<Shown>();
  const [failure, setFailure] = createSignal<unknown>();
  const [busy, setBusy] = createSignal(false);
  const [status, setStatus] = createSignal<string>();
  const [deleting, setDeleting] = createSignal<WebhookEndpoint>();
  const [logOf, setLogOf] = createSignal<WebhookEndpoint>();
  let secretHeading: HTMLHeadingElement | undefined;
  let statusEl!: HTMLParagraphElement;
  let alertEl: HTMLElement | undefined;

  /** Runs a change: busy while it runs, then `after` and its status line (focused), or the alert. */
  const run = async (act: () => Promise<unknown>, done?: string) => {
    setBusy(true);
    setFailure(undefined);
    setStatus(undefined);
    try {
      await act();
      if (done) {
        setStatus(done);
        statusEl.focus();
      }
      void refetch();
    } catch (error) {
      setFailure(error);
      alertEl?.focus();
    } finally {
      setBusy(false);
    }
  };
  const change = (act: () => Promise<unknown>, done: string) => run(act, done);

  const onRotate = (endpoint: WebhookEndpoint) =>
    run(async () => {
      const rotated = await adminApi.rotateWebhookSecret(endpoint.id);
      setShown({ url: endpoint.url, secret: rotated.secret, overlapUntil: rotated.previousSecretUntil });
      secretHeading?.focus();
    });

  const onToggle = (endpoint: WebhookEndpoint) => {
    const enable = endpoint.disabledAt !== null;
    return change(
      () => adminApi.setWebhookEnabled(endpoint.id, enable),
      at(enable ? 'webhook_enabled_done' : 'webhook_disabled_done', { url: endpoint.url }),
    );
  };

  const onDelete = (endpoint: WebhookEndpoint) =>
    change(
      async () => {
        await adminApi.deleteWebhook(endpoint.id);
        setDeleting(undefined);
        if (logOf()?.id === endpoint.id) setLogOf(undefined);
      },
      at('webhook_deleted_done', { url: endpoint.url }),
    );

  const statusCell = (e: WebhookEndpoint) =>
    e.disabledAt === null
      ? at('webhook_enabled')
      : at('webhook_disabled', { time: formatDateTime(locale(), e.disabledAt), reason: e.disabledReason ?? '' });

  /** A button naming its endpoint for screen readers (several rows have the same words). */
  const act = (label: AdminKey, e: WebhookEndpoint, onClick: () => void, danger = false) => (
    <button type="button" class={danger ? 'button danger' : 'button'} disabled={busy()} onClick={onClick}>
      {at(label)}
      <span class="visually-hidden"> {e.url}</span>
    </button>
  );

  return (
    <section aria-labelledby="webhooks-title">
      <h1 id="webhooks-title">{at('webhooks_title')}</h1>
      <p class="muted">{at('webhooks_intro')}</p>
      <WebhookForm
        busy={busy()}
        run={run}
        onCreated={(created) => {
          setShown({ url: created.endpoint.url, secret: created.secret });
          secretHeading?.focus();
        }}
      />
      <ErrorAlert error={failure()} ref={(el) => (alertEl = el)} />
      <Show when={shown()}>
        {(s) => (
          <SecretCard
            title={at(s().overlapUntil ? 'webhook_rotated_title' : 'webhook_secret_title', { url: s().url })}
            secret={s().secret}
            headingRef={(el) => (secretHeading = el)}
          >
            <Show when={s().overlapUntil}>
              {(until) => <p>{at('webhook_overlap', { time: formatDateTime(locale(), until()) })}</p>}
            </Show>
          </SecretCard>
        )}
      </Show>
      <p role="status" ref={statusEl} tabindex="-1" class="notice ok" hidden={!status()}>
        {status()}
      </p>
      <ErrorAlert error={endpoints.error} />
      <Loaded when={endpoints()} failed={endpoints.error} empty={<p>{at('webhooks_empty')}</p>}>
        {(list) => (
          <DataTable
            label={at('webhooks_title')}
            rows={list()}
            columns={[
              { head: () => at('col_url'), cell: (e) => e.url, class: 'mono' },
              { head: () => at('col_events'), cell: (e) => e.events?.join(' ') ?? at('webhook_events_all') },
              { head: () => at('col_status'), cell: statusCell },
              {
                head: () => at('col_action'),
                cell: (e) => (
                  <div class="row">
                    {act('webhook_log', e, () => setLogOf(e))}
                    {act('webhook_rotate', e, () => onRotate(e))}
                    {act(e.disabledAt === null ? 'webhook_disable' : 'webhook_enable', e, () => onToggle(e))}
                    {act('webhook_delete', e, () => setDeleting(e), true)}
                  </div>
                ),
              },
            ]}
          />
        )}
      </Loaded>
      <Show when={deleting()}>
        {(e) => (
          <div class="card" role="group" aria-labelledby="delete-question">
            <ConfirmStep
              id="delete-question"
              text={at('confirm_webhook_delete', { url: e().url })}
              textRef={(el) => queueMicrotask(() => el.focus())}
              confirm={at('confirm_webhook_delete_button')}
              back={at('cancel')}
              busy={busy()}
              tone="danger"
              onConfirm={() => void onDelete(e())}
              onBack={() => setDeleting(undefined)}
            />
          </div>
        )}
      </Show>
      <Show when={logOf()} keyed>
        {(e) => <WebhookDeliveries endpoint={e} change={change} onClose={() => setLogOf(undefined)} />}
      </Show>
    </section>
  );
}
