// The history page's data: pages of the ledger for the chosen kind, "Load more", and a refresh when the balance moves.
import { createEffect, createSignal, on } from 'solid-js';
import { ApiError, type HistoryKind, type HistoryRow } from '../../lib/api';
import { historyApi } from '../../lib/history-api';
import { balance } from '../../lib/live-balance';
import { appendPage } from './history-rows';

export const HISTORY_PAGE = 20;

export type HistoryError = 'error_network' | 'error_generic';

const errorKey = (error: unknown): HistoryError =>
  error instanceof ApiError && error.status === 0 ? 'error_network' : 'error_generic';

/** Call inside a component. `kind` is reactive: changing it starts again from the newest entry. */
export function createHistory(kind: () => HistoryKind | undefined) {
  const [rows, setRows] = createSignal<HistoryRow[]>();
  const [nextCursor, setNextCursor] = createSignal<string | null>(null);
  const [loadingMore, setLoadingMore] = createSignal(false);
  const [error, setError] = createSignal<HistoryError>();

  // Answers can overlap (a filter change while a page loads): only the newest request counts.
  let request = 0;
  const loadFirst = async () => {
    const id = ++request;
    setError(undefined);
    try {
      const page = await historyApi.page({ limit: HISTORY_PAGE, kind: kind() });
      if (id !== request) return;
      setRows(page.entries);
      setNextCursor(page.nextCursor);
    } catch (e) {
      if (id === request) setError(errorKey(e));
    }
  };

  const loadMore = async () => {
    const cursor = nextCursor();
    if (cursor === null || loadingMore()) return;
    const id = request;
    setLoadingMore(true);
    setError(undefined);
    try {
      const page = await historyApi.page({ limit: HISTORY_PAGE, cursor, kind: kind() });
      if (id !== request) return;
      setRows((shown) => appendPage(shown ?? [], page.entries));
      setNextCursor(page.nextCursor);
    } catch (e) {
      if (id === request) setError(errorKey(e));
    } finally {
      setLoadingMore(false);
    }
  };

  createEffect(on(kind, () => void loadFirst()));
  // A balance change means a new newest entry: reload the first page only if nothing more was loaded,
  // so reading older pages is never yanked back to the top.
  createEffect(
    on(
      balance,
      () => {
        if ((rows()?.length ?? 0) <= HISTORY_PAGE) void loadFirst();
      },
      { defer: true },
    ),
  );

  return { rows, nextCursor, loadingMore, error, loadMore, retry: loadFirst };
}
