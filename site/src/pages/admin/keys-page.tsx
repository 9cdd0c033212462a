// /{locale}/admin/keys: the app backend's API keys. Create with a name and the origins of the app's
// pages (the secret is shown once, with a copy button), edit the origins, revoke after a confirmation.
import { createResource, createSignal, Show } from 'solid-js';
import { DataTable } from '../../components/data-table';
import { ConfirmStep } from '../../components/form-parts';
import { Loaded } from '../../components/loaded';
import { adminApi } from '../../lib/admin-api';
import type { AdminKey as ApiKey, CreatedKey } from '../../lib/api';
import { formatDateTime, locale } from '../../lib/i18n';
import { usePageTitle } from '../../lib/page-title';
import { type AdminKey, at } from './admin-i18n';
import { ErrorAlert, Field, SecretCard } from './admin-ui';

const when = (iso: string | null) => (iso ? formatDateTime(locale(), iso) : at('never'));
/** Origins as typed: separated by spaces, commas or new lines (the server checks each one). */
const originsOf = (text: FormDataEntryValue | null) =>
  String(text ?? '')
    .split(/[\s,]+/)
    .filter(Boolean);

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
    const data = new FormData(form);
    const name = String(data.get('name') ?? '').trim();
    setFailure(undefined);
    if (!name) {
      setNameError('err_required');
      form.querySelector('input')?.focus();
      return;
    }
    setNameError(undefined);
    setBusy(true);
    try {
      setCreated(await adminApi.createKey(name, originsOf(data.get('origins'))));
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

  /** Runs a change to a key: busy while it runs, then its status line (focused) or the alert. */
  const change = async (act: () => Promise<unknown>, done: string) => {
    setBusy(true);
    setFailure(undefined);
    try {
      await act();
      setStatus(done);
      void refetch();
      statusEl.focus();
    } catch (error) {
      setFailure(error);
      alertEl?.focus();
    } finally {
      setBusy(false);
    }
  };

  const onRevoke = (key: ApiKey) =>
    change(
      async () => {
        await adminApi.revokeKey(key.id);
        setRevoking(undefined);
      },
      at('key_revoked_done', { name: key.name }),
    );

  const [editing, setEditing] = createSignal<string>();
  const onSaveOrigins = (event: SubmitEvent, key: ApiKey) => {
    event.preventDefault();
    const origins = originsOf(new FormData(event.currentTarget as HTMLFormElement).get('origins'));
    return change(
      async () => {
        await adminApi.setKeyOrigins(key.id, origins);
        setEditing(undefined);
      },
      at('origins_saved', { name: key.name }),
    );
  };

  /** A key's origins, or the form that edits them. */
  const originsCell = (key: ApiKey) => (
    <Show
      when={editing() === key.id}
      fallback={
        <>
          {key.origins.length > 0 ? key.origins.join(' ') : at('origins_none')}
          <Show when={!key.revokedAt}>
            {' '}
            <button type="button" class="button" onClick={() => setEditing(key.id)}>
              {at('origins_edit')}
              <span class="visually-hidden"> {key.name}</span>
            </button>
          </Show>
        </>
      }
    >
      <form class="row" onSubmit={(e) => onSaveOrigins(e, key)} noValidate>
        <Field
          id={`origins-${key.id}`}
          name="origins"
          label={at('col_origins')}
          value={key.origins.join(' ')}
          autocomplete="off"
        />
        <button type="submit" class="button primary" disabled={busy()}>
          {at('origins_save')}
        </button>
        <button type="button" class="button" onClick={() => setEditing(undefined)}>
          {at('cancel')}
        </button>
      </form>
    </Show>
  );

  return (
    <section aria-labelledby="keys-title">
      <h1 id="keys-title">{at('keys_title')}</h1>
      <form class="row" onSubmit={onCreate} noValidate>
        <Field id="key-name" name="name" label={at('key_name')} maxLength={64} error={nameError()} autocomplete="off" />
        <Field
          id="key-origins"
          name="origins"
          label={at('key_origins')}
          hint={at('key_origins_hint')}
          autocomplete="off"
        />
        <button type="submit" class="button primary" disabled={busy()}>
          {at('key_create')}
        </button>
      </form>
      <ErrorAlert error={failure()} ref={(el) => (alertEl = el)} />
      <Show when={created()}>
        {(c) => (
          <SecretCard
            title={at('key_secret_title', { name: c().key.name })}
            secret={c().secret}
            headingRef={(el) => (secretHeading = el)}
          />
        )}
      </Show>
      <p role="status" ref={statusEl} tabindex="-1" class="notice ok" hidden={!status()}>
        {status()}
      </p>
      <ErrorAlert error={keys.error} />
      <Loaded when={keys()} failed={keys.error} empty={<p>{at('keys_empty')}</p>}>
        {(list) => (
          <DataTable
            label={at('table_label', { title: at('keys_title') })}
            rows={list()}
            columns={[
              { head: () => at('col_name'), cell: (key) => key.name },
              { head: () => at('col_origins'), cell: originsCell },
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
            <ConfirmStep
              id="revoke-question"
              text={at('confirm_revoke', { name: key().name })}
              textRef={(el) => queueMicrotask(() => el.focus())}
              confirm={at('confirm_revoke_button')}
              back={at('cancel')}
              busy={busy()}
              tone="danger"
              onConfirm={() => void onRevoke(key())}
              onBack={() => setRevoking(undefined)}
            />
          </div>
        )}
      </Show>
    </section>
  );
}
