// Ties an auto top-up view to the live socket (the account panel's and the home switch's): a change
// that takes the balance below the threshold means an attempt settles in a moment, so read until it
// has; any other change or a reconnect, read once. The rules are in topup-refresh.ts.
import { createEffect, on, onCleanup } from 'solid-js';
import type { AutoTopup } from '../../lib/api';
import { lastChange, onReconnect } from '../../lib/live-balance';
import { attemptDue, attemptSettled, type Refresher } from './topup-refresh';

export function keepTopupFresh(settings: () => AutoTopup | undefined, refresher: Refresher): void {
  createEffect(
    on(
      lastChange,
      (change) => {
        if (!change) return;
        const before = settings();
        if (attemptDue(before, change.credits)) void refresher.until((view) => attemptSettled(before, view));
        else void refresher.once();
      },
      { defer: true },
    ),
  );
  const offReconnect = onReconnect(() => void refresher.once());
  onCleanup(() => {
    offReconnect();
    refresher.stop();
  });
}
