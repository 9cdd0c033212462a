// A "more"-paged list for the console's events and audit pages: the first page, then each next
// page appended (appendPage), with its own loading and error state.
import { createSignal } from 'solid-js';
import { appendPage, type Paged } from './admin-forms';

export function createPagedList<T>(load: (cursor?: string) => Promise<Paged<T>>, idOf: (item: T) => string | number) {
  const [list, setList] = createSignal<Paged<T>>();
  const [loading, setLoading] = createSignal(false);
  const [error, setError] = createSignal<unknown>();

  async function fetchPage(cursor?: string) {
    if (loading()) return;
    setLoading(true);
    setError(undefined);
    try {
      const page = await load(cursor);
      setList((shown) => (shown && cursor !== undefined ? appendPage(shown, page, idOf) : page));
    } catch (e) {
      setError(e);
    } finally {
      setLoading(false);
    }
  }

  return {
    list,
    loading,
    error,
    first: () => fetchPage(),
    more: () => {
      const cursor = list()?.nextCursor;
      if (cursor) void fetchPage(cursor);
    },
  };
}

export type PagedList<T> = ReturnType<typeof createPagedList<T>>;
