// One request at a time for a form or a button: `pending` while it runs (the button waits), a second
// submit meanwhile does nothing, and a failure goes to the caller's words for it.
import { createSignal } from 'solid-js';

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
