// Active sessions: each with its device, when it signed in and was last active, "this device" marked;
// sign out one, or every other at once. The list reloads after each change.
import { createResource, createSignal, For, Show } from 'solid-js';
import { NoticeLine } from '../../components/loaded';
import { accountApi } from '../../lib/account-api';
import type { AccountSession } from '../../lib/api';
import { formatDateTime, locale } from '../../lib/i18n';
import { accountError, deviceSummary } from './account-forms';
import { act } from './account-i18n';

export function SessionsPanel(props: { version: number; onSignedOutHere: () => void }) {
  const [sessions, { refetch }] = createResource(
    () => props.version,
    () => accountApi.sessions(),
  );
  const [message, setMessage] = createSignal<{ tone: 'ok' | 'error'; text: string }>();
  const [pending, setPending] = createSignal(false);

  const run = async (action: () => Promise<string | undefined>) => {
    if (pending()) return;
    setPending(true);
    setMessage(undefined);
    try {
      const text = await action();
      if (text) setMessage({ tone: 'ok', text });
    } catch (err) {
      setMessage({ tone: 'error', text: act(accountError(err, 'password').key) });
    } finally {
      setPending(false);
      await refetch();
    }
  };

  const device = (s: AccountSession) => deviceSummary(s.userAgent) ?? act('session_unknown_device');
  const when = (iso: string) => formatDateTime(locale(), iso);

  const endOne = (s: AccountSession) =>
    run(async () => {
      await accountApi.endSession(s.id);
      if (s.current) props.onSignedOutHere();
      return act('session_ended');
    });

  const endOthers = () =>
    run(async () => {
      const { signedOut } = await accountApi.signOutOthers();
      return signedOut > 0 ? act('sessions_others_done', { n: signedOut }) : act('sessions_others_none');
    });

  return (
    <section class="card" aria-labelledby="sessions-title">
      <h2 id="sessions-title">{act('sessions_title')}</h2>
      <p class="muted">{act('sessions_caption')}</p>
      <Show when={sessions()} fallback={<p class="muted">…</p>}>
        {(list) => (
          <ul class="session-list">
            <For each={list()}>
              {(s) => (
                <li class="session-item">
                  <div>
                    <strong>{device(s)}</strong>
                    <Show when={s.current}>
                      {' '}
                      <span class="badge">{act('session_this_device')}</span>
                    </Show>
                    <div class="muted small">{act('session_started', { when: when(s.createdAt) })}</div>
                    <Show when={s.lastSeenAt}>
                      {(seen) => <div class="muted small">{act('session_last_seen', { when: when(seen()) })}</div>}
                    </Show>
                  </div>
                  <button
                    type="button"
                    class="button"
                    disabled={pending()}
                    aria-label={act('session_sign_out_label', { device: device(s), when: when(s.createdAt) })}
                    onClick={() => endOne(s)}
                  >
                    {act('session_sign_out')}
                  </button>
                </li>
              )}
            </For>
          </ul>
        )}
      </Show>
      <NoticeLine notice={message()} text={(m) => m.text} />
      <div class="row">
        <button type="button" class="button" disabled={pending()} onClick={endOthers}>
          {act('sessions_sign_out_others')}
        </button>
      </div>
    </section>
  );
}
