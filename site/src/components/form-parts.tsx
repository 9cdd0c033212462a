// A form's shared parts: a labelled input whose error is tied to it (aria-invalid, aria-describedby naming its
// hint and its error), the form's failure alert, its confirm step, and one request at a time. Used by the
// sign-in/up and reset pages, the account page's forms and the console's (admin-ui.tsx Field). One module, so
// the pages that share them load one chunk, not four (each chunk's name is listed on every page, the
// success page included, whose 30 KiB budget has no room for more).
import { createSignal, type JSX, Show, splitProps } from 'solid-js';

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

/** A form's failure sentence: an alert (read out at once) that the form can focus after a failed submit,
 * and nothing while there is none. `children` follows the sentence (a link that offers a way on). */
export function AlertLine(props: {
  text: string | undefined;
  ref?: (el: HTMLParagraphElement) => void;
  children?: JSX.Element;
}) {
  return (
    <Show when={props.text}>
      <p role="alert" class="alert" tabindex="-1" ref={props.ref}>
        {props.text}
        {props.children}
      </p>
    </Show>
  );
}

/** A form's confirm step: the sentence that states what will happen (focused when the step opens, so a
 * screen reader hears it first), anything the caller adds under it, then "do it" and "back". */
export function ConfirmStep(props: {
  /** The sentence's id, for a group that it names (the console's revoke and delete questions). */
  id?: string;
  /** What will happen, in the page's words. */
  text: JSX.Element;
  textRef: (el: HTMLParagraphElement) => void;
  confirm: string;
  back: string;
  /** A request is on its way: both buttons wait (a second click must not send twice). */
  busy: boolean;
  /** `danger` for what cannot be undone (closing the account); `primary` otherwise. */
  tone?: 'primary' | 'danger';
  onConfirm: () => void;
  onBack: () => void;
  children?: JSX.Element;
}) {
  return (
    <>
      <p id={props.id} ref={props.textRef} tabindex="-1" class="confirm">
        {props.text}
      </p>
      {props.children}
      <div class="row">
        <button
          type="button"
          class={`button ${props.tone ?? 'primary'}`}
          disabled={props.busy}
          aria-busy={props.busy}
          onClick={() => props.onConfirm()}
        >
          {props.confirm}
        </button>
        <button type="button" class="button" disabled={props.busy} onClick={() => props.onBack()}>
          {props.back}
        </button>
      </div>
    </>
  );
}

/** One request at a time for a form or a button: `pending` while it runs (the button waits), a second
 * submit meanwhile does nothing, and a failure goes to the caller's words for it. */
export function createPending() {
  const [pending, setPending] = createSignal(false);
  /** Runs `work` unless a request is already on its way; what it throws is handed to `fail`. */
  const run = async (work: () => Promise<void>, fail: (err: unknown) => void): Promise<void> => {
    if (pending()) return;
    setPending(true);
    try {
      await work();
    } catch (err) {
      fail(err);
    } finally {
      setPending(false);
    }
  };
  return { pending, run };
}
