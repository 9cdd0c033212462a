// /{locale}/admin/keys: the app backend's API keys. Create with a name and the origins of the app's
// pages (the secret is shown once, with a copy button), edit the origins, revoke after a confirmation.
import { createResource, createSignal, For, Show } from 'solid-js';
import { type AdminKey as ApiKey, adminApi, type CreatedKey } from '../../lib/api';
import { formatDateTime, locale, t } from '../../lib/i18n';
import { usePageTitle } from '../../lib/page-title';
import { type AdminKey, at } from './admin-i18n';
import { ErrorAlert, Field, TableWrap } from './admin-ui';

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

  const [editing, setEditing] = createSignal<string>();
  const onSaveOrigins = async (event: SubmitEvent, key: ApiKey) => {
    event.preventDefault();
    setBusy(true);
    setFailure(undefined);
    try {
      await adminApi.setKeyOrigins(
        key.id,
        originsOf(new FormData(event.currentTarget as HTMLFormElement).get('origins')),
      );
      setEditing(undefined);
      setStatus(at('origins_saved', { name: key.name }));
      void refetch();
      statusEl.focus();
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
      <Show
        when={keys()}
        fallback={
          <Show when={!keys.error}>
            <p class="muted">{t('loading')}</p>
          </Show>
        }
      >
        {(list) => (
          <Show when={list().length > 0} fallback={<p>{at('keys_empty')}</p>}>
            <TableWrap label={at('keys_title')}>
              <table class="ledger">
                <thead>
                  <tr>
                    <th scope="col">{at('col_name')}</th>
                    <th scope="col">{at('col_origins')}</th>
                    <th scope="col">{at('col_created')}</th>
                    <th scope="col">{at('col_last_used')}</th>
                    <th scope="col">{at('col_status')}</th>
                  </tr>
                </thead>
                <tbody>
                  <For each={list()}>
                    {(key) => (
                      <tr>
                        <td>{key.name}</td>
                        <td>
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
                        </td>
                        <td>{when(key.createdAt)}</td>
                        <td>{when(key.lastUsedAt)}</td>
                        <td>
                          <Show when={!key.revokedAt} fallback={at('revoked', { time: when(key.revokedAt) })}>
                            <button type="button" class="button" onClick={() => setRevoking(key)}>
                              {at('revoke')}
                              <span class="visually-hidden"> {key.name}</span>
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
        )}
      </Show>
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
