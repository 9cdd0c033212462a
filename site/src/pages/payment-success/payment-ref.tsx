// The payment reference for people: shortened on screen, a button copying the full id, and (when slow) a way to reach support.
import { createResource, createSignal, Show } from 'solid-js';
import { configApi } from '../../lib/api';
import { shortReference, supportMailto } from './payment-reference';
import { pw } from './payment-words';

export function PaymentRef(props: { id: string }) {
  const [copied, setCopied] = createSignal<'ok' | 'failed'>();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.id);
      setCopied('ok');
    } catch {
      setCopied('failed');
    }
  };
  return (
    <div class="payment-ref">
      <p class="muted small session-ref">
        {pw('ref_label')} <code title={props.id}>{shortReference(props.id)}</code>{' '}
        <button type="button" class="link-button" aria-label={pw('ref_copy_name')} onClick={copy}>
          {pw('ref_copy')}
        </button>
      </p>
      <p class="muted small session-ref" role="status">
        <Show when={copied()}>
          {(result) => (result() === 'ok' ? pw('ref_copied') : pw('ref_copy_failed', { id: props.id }))}
        </Show>
      </p>
    </div>
  );
}

/** "Need help? Email support@…", with the full reference in the message; hidden if no address is configured. */
export function SupportContact(props: { sessionId: string }) {
  const [config] = createResource(() => configApi.config().catch(() => ({ supportEmail: '' })));
  return (
    <Show when={config()?.supportEmail}>
      {(email) => (
        <p>
          {pw('support_lead')}{' '}
          <a
            href={supportMailto(
              email(),
              pw('support_subject', { id: props.sessionId }),
              pw('support_body', { id: props.sessionId }),
            )}
          >
            {pw('support_link', { email: email() })}
          </a>
        </p>
      )}
    </Show>
  );
}
