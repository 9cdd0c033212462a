// Runs raw SQL statements as one D1 batch (one round trip, one transaction) and returns each
// statement's rows. drizzle's own db.batch cannot take parameterised raw SQL (it expects a
// prepared statement that raw queries lack), and the ledger's moves are raw INSERT … SELECT.
import type { SQL } from 'drizzle-orm';
import { SQLiteAsyncDialect } from 'drizzle-orm/sqlite-core';
import type { Db } from './client';

const dialect = new SQLiteAsyncDialect();

export function toStatement(db: Db, statement: SQL): D1PreparedStatement {
  const { sql, params } = dialect.sqlToQuery(statement);
  return db.$client.prepare(sql).bind(...params);
}

export async function runBatch<Row = Record<string, unknown>>(db: Db, statements: SQL[]): Promise<Row[][]> {
  if (statements.length === 0) return [];
  const results = await db.$client.batch<Row>(statements.map((s) => toStatement(db, s)));
  return results.map((r) => r.results);
}
