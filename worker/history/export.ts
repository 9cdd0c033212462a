// The history as a CSV byte stream (the page's rows and filter), read from D1 a page at a time (never held whole in memory).
import type { Db } from '../db/client';
import type { LedgerKind } from '../vocabulary/ledger';
import { CSV_HEADER, csvLine } from './csv';
import { listHistory } from './reading';

/** Rows read per D1 query while streaming. */
export const EXPORT_PAGE = 500;

/**
 * The first page is read before returning, so a failing database is a 5xx answer rather than a
 * file cut off after its header. `kind` is the page's filter, with the page's meaning.
 */
export async function historyCsv(
  db: Db,
  userId: string,
  pageSize = EXPORT_PAGE,
  kind?: LedgerKind,
): Promise<ReadableStream<Uint8Array>> {
  const encoder = new TextEncoder();
  // One clock for the whole file: a hold does not change its status between two pages.
  const now = Date.now();
  let page = await listHistory(db, userId, { limit: pageSize, kind, now });
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        // A BOM, so spreadsheet programs read the file (prompts, pack names) as UTF-8.
        controller.enqueue(encoder.encode(`\uFEFF${CSV_HEADER.join(',')}\r\n`));
      }
      const lines = page.entries.map((row) => `${csvLine(row)}\r\n`).join('');
      if (lines) controller.enqueue(encoder.encode(lines));
      if (page.nextCursor === null) {
        controller.close();
        return;
      }
      page = await listHistory(db, userId, { limit: pageSize, beforeId: Number(page.nextCursor), kind, now });
    },
  });
}
