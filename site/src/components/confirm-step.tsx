// A form's confirm step: the sentence that states what will happen (focused when the step opens, so a
// screen reader hears it first), anything the caller adds under it, then "do it" and "back". Shared by the
// console's grant/debit and refund forms, its key revoke and endpoint delete, and the account page's delete.
import type { JSX } from 'solid-js';

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
