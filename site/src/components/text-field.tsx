// A labelled input whose error is tied to it: aria-invalid, and aria-describedby naming its hint and its
// error. Shared by the sign-up/sign-in form, the account page's forms and the console's (admin-ui.tsx Field).
import { type JSX, Show, splitProps } from 'solid-js';

export function TextField(
  props: {
    id: string;
    label: string;
    /** The translated error sentence, shown under the field. */
    error?: string;
    hint?: string;
    ref?: (el: HTMLInputElement) => void;
  } & Omit<JSX.InputHTMLAttributes<HTMLInputElement>, 'ref'>,
) {
  const [own, input] = splitProps(props, ['id', 'label', 'error', 'hint', 'ref']);
  const describedBy = () => [own.hint ? `${own.id}-hint` : '', own.error ? `${own.id}-error` : ''].join(' ').trim();
  return (
    <div class="field">
      <label for={own.id}>{own.label}</label>
      <input
        id={own.id}
        ref={own.ref}
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
        <small id={`${own.id}-error`} class="field-error">
          {own.error}
        </small>
      </Show>
    </div>
  );
}
