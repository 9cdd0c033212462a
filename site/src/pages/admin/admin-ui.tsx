// The console's shared pieces: a labelled field whose error is tied to it (aria-invalid,
// aria-describedby), an alert for API failures, and a secret shown once with a copy button
// (tables: components/data-table.tsx).
import { createSignal, type JSX, Show, splitProps } from 'solid-js';
import { t } from '../../lib/i18n';
import { adminErrorMessage } from './admin-forms';
import { type AdminKey, at } from './admin-i18n';

/** An API failure as a translated sentence that says what to do. */
export function errorText(error: unknown): string {
  const { key, message } = adminErrorMessage(error);
  if (key === 'error_network' || key === 'error_generic') return t(key);
  return at(key, message === undefined ? undefined : { message });
}

export function Field(
  props: {
    id: string;
    label: string;
    error?: AdminKey;
    hint?: string;
  } & JSX.InputHTMLAttributes<HTMLInputElement>,
) {
  const [own, input] = splitProps(props, ['id', 'label', 'error', 'hint']);
  const describedBy = () => [own.error ? `${own.id}-error` : '', own.hint ? `${own.id}-hint` : ''].join(' ').trim();
  return (
    <div class="field">
      <label for={own.id}>{own.label}</label>
      <input
        id={own.id}
        {...input}
        aria-invalid={own.error ? 'true' : undefined}
        aria-describedby={describedBy() || undefined}
      />
      <Show when={own.hint}>
        <small id={`${own.id}-hint`} class="muted field-hint">
          {own.hint}
        </small>
      </Show>
      <Show when={own.error}>
        {(key) => (
          <small id={`${own.id}-error`} class="field-error">
            {at(key())}
          </small>
        )}
      </Show>
    </div>
  );
}

export function ErrorAlert(props: { error: unknown; ref?: (el: HTMLElement) => void }) {
  return (
    <Show when={props.error}>
      <p role="alert" class="alert" tabindex="-1" ref={props.ref}>
        {errorText(props.error)}
      </p>
    </Show>
  );
}

/** "—" for missing values. */
export function orNone(value: string | number | null | undefined): string {
  return value === null || value === undefined || value === '' ? at('none') : String(value);
}

/** A secret shown once (an API key's, a webhook endpoint's), with a copy button. */
export function SecretCopy(props: { secret: string }) {
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
