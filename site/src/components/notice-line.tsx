// A page's one-line notice: an error is an alert (read out at once), anything else a polite status.
import { type JSX, Show } from 'solid-js';

export function NoticeLine<N extends { tone: string }>(props: {
  notice: N | undefined;
  text: (notice: N) => string;
  /** What follows an error's sentence (the Studio offers the packs when credits ran out). */
  afterError?: (notice: N) => JSX.Element;
}) {
  return (
    <Show when={props.notice}>
      {(n) => (
        <Show
          when={n().tone === 'error'}
          fallback={
            <p role="status" class="notice ok">
              {props.text(n())}
            </p>
          }
        >
          <p role="alert" class="alert">
            {props.text(n())}
          </p>
          {props.afterError?.(n())}
        </Show>
      )}
    </Show>
  );
}
