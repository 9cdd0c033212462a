// The Worker's database: drizzle `sql` statements run on the D1 binding. Every query in the Worker
// is a drizzle `sql` template, so this is all the driver it needs; drizzle's own D1 driver would add
// its query builders, its relational API and (through `drizzle(d1, { schema })`) the whole schema at
// run time, ~12 KiB gzip (docs/performance.md, row 5a), none of which the Worker calls.
import type { SQL } from 'drizzle-orm';
import { CasingCache } from 'drizzle-orm/casing';

/** SQLite's quoting, as drizzle's SQLite dialect writes it. */
const SQLITE = {
  casing: new CasingCache(),
  escapeName: (name: string) => `"${name.replace(/"/g, '""')}"`,
  escapeParam: () => '?',
  escapeString: (text: string) => `'${text.replace(/'/g, "''")}'`,
};

/** The statement's SQL text (with `?`) and its bound values, as drizzle's SQLite dialect writes them. */
export function toQuery(statement: SQL): { sql: string; params: unknown[] } {
  return statement.toQuery(SQLITE);
}

export class Db {
  constructor(readonly $client: D1Database) {}

  /** The statement as D1 runs it. */
  prepare(statement: SQL): D1PreparedStatement {
    const { sql, params } = toQuery(statement);
    return this.$client.prepare(sql).bind(...params);
  }

  /** Every row the statement answers. */
  async all<Row = Record<string, unknown>>(statement: SQL): Promise<Row[]> {
    return (await this.prepare(statement).all<Row>()).results;
  }

  /** Runs a write; D1's result carries `meta.changes`. */
  run(statement: SQL): Promise<D1Result> {
    return this.prepare(statement).run();
  }
}

export function createDb(d1: D1Database): Db {
  return new Db(d1);
}
