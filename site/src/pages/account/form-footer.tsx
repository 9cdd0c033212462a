// The end of an account form (password, email): its failure alert, its success line, and its submit button,
// which waits while the request is on its way.
import { Show } from 'solid-js';
import { AlertLine } from '../../components/form-parts';

export function FormFooter(props: {
  alert: string | undefined;
  alertRef: (el: HTMLParagraphElement) => void;
  done: string | undefined;
  submit: string;
  pending: boolean;
}) {
  return (
    <>
      <AlertLine text={props.alert} ref={props.alertRef} />
      <Show when={props.done}>
        <p role="status" class="notice ok">
          {props.done}
        </p>
      </Show>
      <div class="row">
        <button type="submit" class="button primary" disabled={props.pending}>
          {props.submit}
        </button>
      </div>
    </>
  );
}
