// What a page says about its data: the one loading / error / empty wrapper ("Loading…" until a value arrives,
// nothing while the caller shows an error, the empty sentence for an empty list, else the children with the
// value), and the page's one-line notice. One module, so the pages that use them share one chunk.
import { type Accessor, type JSX, Show } from 'solid-js';
import { t } from '../lib/i18n';

export function Loaded<T>(props: {
  /** The value; falsy while loading. */
  when: T | undefined | null | false;
  /** An error is being shown (by the caller, in its own words): no "Loading…" under it. */
  failed?: unknown;
  /** Said instead of the children when the value is an empty list. */
  empty?: JSX.Element;
  children: (value: Accessor<NonNullable<T>>) => JSX.Element;
}) {
  const isEmpty = (value: unknown) => props.empty !== undefined && Array.isArray(value) && value.length === 0;
  return (
    <Show
      when={props.when}
      fallback={
        <Show when={!props.failed}>
          <p class="muted">{t('loading')}</p>
        </Show>
      }
    >
      {(value) => (
        <Show when={!isEmpty(value())} fallback={props.empty}>
          {props.children(value)}
        </Show>
      )}
    </Show>
  );
}

/** A page's one-line notice: an error is an alert (read out at once), anything else a polite status. */
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
