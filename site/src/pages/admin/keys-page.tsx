// /{locale}/admin/keys: the app backend's API keys. Create with a name (the secret is shown once,
// with a copy button), revoke after a confirmation.
import { createResource, createSignal, Show } from 'solid-js';
import { DataTable } from '../../components/data-table';
import { Loaded } from '../../components/loaded';
import { adminApi } from '../../lib/admin-api';
import type { AdminKey as ApiKey, CreatedKey } from '../../lib/api';
import { formatDateTime, locale } from '../../lib/i18n';
import { usePageTitle } from '../../lib/page-title';
import { type AdminKey, at } from './admin-i18n';
import { ErrorAlert, Field } from './admin-ui';

const when = (iso: string | null) => (iso ? formatDateTime(locale(), iso) : at('never'));

export default function KeysPage() {
  usePageTitle(() => at('keys_title'));
  const [keys, { refetch }] = createResource(adminApi.keys);
  const [created, setCreated] = createSignal<CreatedKey>();
  const [nameError, setNameError] = createSignal<AdminKey>();
  const [failure, setFailure] = createSignal<unknown>();
  const [busy, setBusy] = createSignal(false);
  const [revoking, setRevoking] = createSignal<ApiKey>();
  const [status, setStatus] = createSignal<string>();
  let secretHeading: HTMLHeadingElement | undefined;
  let statusEl!: HTMLParagraphElement;
  let alertEl: HTMLElement | undefined;

  const onCreate = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const name = String(new FormData(form).get('name') ?? '').trim();
    setFailure(undefined);
    if (!name) {
      setNameError('err_required');
      form.querySelector('input')?.focus();
      return;
    }
    setNameError(undefined);
    setBusy(true);
    try {
      setCreated(await adminApi.createKey(name));
      form.reset();
      void refetch();
      secretHeading?.focus();
    } catch (error) {
      setFailure(error);
      alertEl?.focus();
    } finally {
      setBusy(false);
    }
  };

  const onRevoke = async (key: ApiKey) => {
    setBusy(true);
    setFailure(undefined);
    try {
      await adminApi.revokeKey(key.id);
      setRevoking(undefined);
      setStatus(at('key_revoked_done', { name: key.name }));
      void refetch();
      statusEl.focus();
    } catch (error) {
      setFailure(error);
      alertEl?.focus();
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="keys-title">
      <h1 id="keys-title">{at('keys_title')}</h1>
      <form class="row" onSubmit={onCreate} noValidate>
        <Field id="key-name" name="name" label={at('key_name')} maxLength={64} error={nameError()} autocomplete="off" />
        <button type="submit" class="button primary" disabled={busy()}>
          {at('key_create')}
        </button>
      </form>
      <ErrorAlert error={failure()} ref={(el) => (alertEl = el)} />
      <Show when={created()}>
        {(c) => (
          <div class="card">
            <h2 ref={secretHeading} tabindex="-1">
              {at('key_secret_title', { name: c().key.name })}
            </h2>
            <p role="alert">{at('key_secret_warning')}</p>
            <SecretCopy secret={c().secret} />
          </div>
        )}
      </Show>
      <p role="status" ref={statusEl} tabindex="-1" class="notice ok" hidden={!status()}>
        {status()}
      </p>
      <ErrorAlert error={keys.error} />
      <Loaded when={keys()} failed={keys.error} empty={<p>{at('keys_empty')}</p>}>
        {(list) => (
          <DataTable
            label={at('keys_title')}
            rows={list()}
            columns={[
              { head: () => at('col_name'), cell: (key) => key.name },
              { head: () => at('col_created'), cell: (key) => when(key.createdAt) },
              { head: () => at('col_last_used'), cell: (key) => when(key.lastUsedAt) },
              {
                head: () => at('col_status'),
                cell: (key) => (
                  <Show when={!key.revokedAt} fallback={at('revoked', { time: when(key.revokedAt) })}>
                    <button type="button" class="button" onClick={() => setRevoking(key)}>
                      {at('revoke')}
                      <span class="visually-hidden"> {key.name}</span>
                    </button>
                  </Show>
                ),
              },
            ]}
          />
        )}
      </Loaded>
      <Show when={revoking()}>
        {(key) => (
          <div class="card" role="group" aria-labelledby="revoke-question">
            <p id="revoke-question" tabindex="-1" ref={(el) => queueMicrotask(() => el.focus())}>
              {at('confirm_revoke', { name: key().name })}
            </p>
            <div class="row">
              <button type="button" class="button danger" disabled={busy()} onClick={() => onRevoke(key())}>
                {at('confirm_revoke_button')}
              </button>
              <button type="button" class="button" onClick={() => setRevoking(undefined)}>
                {at('cancel')}
              </button>
            </div>
          </div>
        )}
      </Show>
    </section>
  );
}

function SecretCopy(props: { secret: string }) {
  const [copied, setCopied] = createSignal(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.secret);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  return (
    <div class="row">
      <code class="secret">{props.secret}</code>
      <button type="button" class="button" onClick={copy}>
        {at('copy')}
      </button>
      <span role="status">{copied() ? at('copied') : ''}</span>
    </div>
  );
}
