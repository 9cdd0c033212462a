// A value that follows the live balance: asked for now, and again after every accepted balance change (a
// spend, a grant or a renewal may have changed it). Refreshes can overlap; only the newest answer is kept,
// and a failed one keeps what was shown.
import { type Accessor, createEffect, createSignal, on } from 'solid-js';
import { balance } from './live-balance';

export function followBalance<T>(load: () => Promise<T>): Accessor<T | undefined> {
  const [value, setValue] = createSignal<T>();
  let request = 0;
  const refresh = async () => {
    const id = ++request;
    const fresh = await load().catch(() => undefined);
    if (id === request && fresh !== undefined) setValue(() => fresh);
  };
  void refresh();
  createEffect(on(balance, () => void refresh(), { defer: true }));
  return value;
}
