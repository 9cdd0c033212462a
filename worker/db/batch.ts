// Runs SQL statements as one D1 batch (one round trip, one transaction) and returns each
// statement's rows: the ledger's moves are INSERT … SELECT statements batched with their reads.
import type { SQL } from 'drizzle-orm';
import type { Db } from './client';

export async function runBatch<Row = Record<string, unknown>>(db: Db, statements: SQL[]): Promise<Row[][]> {
  if (statements.length === 0) return [];
  const results = await db.$client.batch<Row>(statements.map((s) => db.prepare(s)));
  return results.map((r) => r.results);
}

/**
 * Runs `writes`, then `reads`, as one batch (one transaction), and answers each read's rows by
 * name: no caller counts positions, nor pads a batch with placeholders to keep them.
 */
export async function runBatchReading<R extends Record<string, unknown>>(
  db: Db,
  writes: SQL[],
  reads: { [K in keyof R]: SQL },
): Promise<{ [K in keyof R]: R[K][] }> {
  const names = Object.keys(reads) as (keyof R & string)[];
  const results = await runBatch(db, [...writes, ...names.map((name) => reads[name])]);
  return Object.fromEntries(names.map((name, i) => [name, results[writes.length + i] ?? []])) as {
    [K in keyof R]: R[K][];
  };
}
