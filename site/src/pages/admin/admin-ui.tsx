// The console's shared pieces: a labelled field (components/form-parts.tsx, its error one of the console's
// keys), an alert for API failures, and a secret shown once (its card, its copy button) (tables: components/data-table.tsx).
import { createSignal, type JSX, splitProps } from 'solid-js';
import { AlertLine, TextField } from '../../components/form-parts';
import { t } from '../../lib/i18n';
import { adminErrorMessage } from './admin-forms';
import { type AdminKey, at } from './admin-i18n';

/** An API failure as a translated sentence that says what to do. */
export function errorText(error: unknown): string {
  const { key, message } = adminErrorMessage(error);
  if (key === 'error_network' || key === 'error_generic') return t(key);
  return at(key, message === undefined ? undefined : { message });
}

/** The shared TextField, its error given as one of the console's keys (translated here). */
export function Field(props: Omit<Parameters<typeof TextField>[0], 'error'> & { error?: AdminKey }) {
  const [own, field] = splitProps(props, ['error']);
  return <TextField {...field} error={own.error ? at(own.error) : undefined} />;
}

export function ErrorAlert(props: { error: unknown; ref?: (el: HTMLElement) => void }) {
  return <AlertLine text={props.error ? errorText(props.error) : undefined} ref={props.ref} />;
}

/** "—" for missing values. */
export function orNone(value: string | number | null | undefined): string {
  return value === null || value === undefined || value === '' ? at('none') : String(value);
}

/** The card that shows a new secret once: its heading (focused by the page), the warning, the copy button. */
export function SecretCard(props: {
  title: string;
  secret: string;
  headingRef: (el: HTMLHeadingElement) => void;
  children?: JSX.Element;
}) {
  return (
    <div class="card">
      <h2 ref={props.headingRef} tabindex="-1">
        {props.title}
      </h2>
      <p role="alert">{at('key_secret_warning')}</p>
      <SecretCopy secret={props.secret} />
      {props.children}
    </div>
  );
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
