// One page of a newest-first, cursor-paged listing. The query reads `limit + 1` rows: the extra row
// is never shown, it only says that a next page exists, which starts after the last row shown.
// The console's events and audit log and an endpoint's deliveries page this way.

/** The rows to show and the next page's cursor (null on the last page), from the `limit + 1` rows read. */
export function newestFirstPage<R>(
  rows: R[],
  limit: number,
  cursorOf: (row: R) => number,
): { page: R[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { page, nextCursor: rows.length > limit && last !== undefined ? String(cursorOf(last)) : null };
}
