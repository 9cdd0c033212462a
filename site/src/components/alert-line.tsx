// A form's failure sentence: an alert (read out at once) that the form can focus after a failed submit,
// and nothing while there is none. `children` follows the sentence (a link that offers a way on).
import { type JSX, Show } from 'solid-js';

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
