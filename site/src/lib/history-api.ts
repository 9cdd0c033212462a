// The history page's calls (docs/api.md "History"): a page of rows, the CSV export and receipt links. Beside the
// one client (api.ts) in their own module, so only the history page ships them.
import { type HistoryKind, type HistoryPage, request } from './api';

export const historyApi = {
  /** Newest first; `cursor` is the previous page's `nextCursor`; `kind` filters to one ledger kind. */
  page: (options: { limit?: number; cursor?: string; kind?: HistoryKind } = {}) => {
    const query = new URLSearchParams();
    if (options.limit !== undefined) query.set('limit', String(options.limit));
    if (options.cursor !== undefined) query.set('cursor', options.cursor);
    if (options.kind !== undefined) query.set('kind', options.kind);
    const qs = query.toString();
    return request<HistoryPage>('GET', `/api/history${qs ? `?${qs}` : ''}`);
  },
  /** A link, not a call: the browser downloads the file (the session cookie goes with it). */
  exportHref: '/api/history/export.csv',
  /** A link to the Worker route that redirects to Stripe's receipt for this purchase. */
  receiptHref: (sessionId: string) => `/api/receipts/${encodeURIComponent(sessionId)}`,
};
