// worker/db/client.ts runs drizzle `sql` on D1 without drizzle's D1 driver: each statement must
// become exactly the SQL text and parameters drizzle's own SQLite dialect makes of it, and run.
import { env } from 'cloudflare:test';
import { sql } from 'drizzle-orm';
import { SQLiteAsyncDialect } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import { linkSubscriptionInvoice, markRefunded } from '../../worker/billing/sessions';
import { createDb, toQuery } from '../../worker/db/client';
import { sessions, users } from '../../worker/db/schema';
import { signUp } from '../helpers';

const dialect = new SQLiteAsyncDialect();

describe('drizzle sql on D1 (worker/db/client.ts)', () => {
  const statements = {
    'tables and columns': sql`SELECT ${users.id}, ${users.email} FROM ${users} JOIN ${sessions} ON ${sessions.userId} = ${users.id} WHERE ${users.email} = ${'a@b.c'}`,
    'nested statements and joins': sql`SELECT 1 WHERE x IN (${sql.join([sql`${1}`, sql`${'two'}`], sql`, `)}) AND ${sql`y = ${null}`}`,
    'raw text and inlined values with quotes': sql`SELECT ${sql.raw("'it''s'")}, ${sql`${"o'clock"}`.inlineParams()}, ${7}`,
    'a quoted name': sql`SELECT 1 AS ${sql.identifier('we"ird')}`,
    "the billing owner's refund mark": markRefunded('pi_1', 1_000),
    "the billing owner's invoice link": linkSubscriptionInvoice('cs_1', null, 2_000),
  };

  for (const [name, statement] of Object.entries(statements)) {
    it(`${name}: the same text and parameters as drizzle's SQLite dialect`, () => {
      expect(toQuery(statement)).toEqual(dialect.sqlToQuery(statement));
    });
  }

  it('runs reads and writes on the binding, values bound (never spliced into the text)', async () => {
    const db = createDb(env.DB);
    const user = await signUp();
    const hostile = `x'); DROP TABLE users; --`;
    const query = toQuery(sql`UPDATE users SET locale = ${hostile} WHERE id = ${user.id}`);
    expect(query.sql).not.toContain(hostile);
    // Stored as the value it is: the text never carried it, and the table is still there.
    expect((await db.run(sql`UPDATE users SET locale = ${hostile} WHERE id = ${user.id}`)).meta.changes).toBe(1);
    const [stored] = await db.all<{ locale: string }>(sql`SELECT locale FROM users WHERE id = ${user.id}`);
    expect(stored?.locale).toBe(hostile);
    const changed = await db.run(sql`UPDATE users SET locale = ${'zh'} WHERE id = ${user.id}`);
    expect(changed.meta.changes).toBe(1);
    const rows = await db.all<{ id: string; locale: string }>(
      sql`SELECT ${users.id} AS id, ${users.locale} AS locale FROM ${users} WHERE ${users.id} = ${user.id}`,
    );
    expect(rows).toEqual([{ id: user.id, locale: 'zh' }]);
  });
});
