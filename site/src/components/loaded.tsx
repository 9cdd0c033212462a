// The one loading / error / empty wrapper: "Loading…" until a value arrives (nothing while the caller shows
// an error), the empty sentence for an empty list, else the children with the value.
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
