// History joins a hold's entries to its render job through render_jobs.hold_id (issue 18, item 15):
// the join is an index lookup, not a scan of every job.
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';

describe('render_jobs.hold_id', () => {
  it("is indexed: history's join to a hold's job searches by index instead of scanning render_jobs", async () => {
    const { results } = await env.DB.prepare(
      `EXPLAIN QUERY PLAN
       SELECT e.id, j.prompt FROM ledger_entries e
       LEFT JOIN render_jobs j ON j.hold_id = e.hold_id AND j.user_id = e.user_id
       WHERE e.user_id = ? ORDER BY e.id DESC LIMIT 50`,
    )
      .bind('someone')
      .all<{ detail: string }>();
    const jobs = results.map((r) => r.detail).filter((d) => /\bj\b/.test(d));
    expect(jobs).toEqual([expect.stringMatching(/^SEARCH j USING INDEX render_jobs_hold_idx \(hold_id=\?/)]);
  });
});
