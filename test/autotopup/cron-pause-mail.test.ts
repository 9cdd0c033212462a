// The cron's auto top-up pause notice: an attempt whose answer was lost is resent by the scheduled
// handler, the bank asks for authentication, and the user is told once however many runs find it
// (two at once, then a later one) — the handler's mailer is what sends it.
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { STALE_AFTER_MS } from '../../worker/autotopup/reconcile';
import { RECONCILE_CRON } from '../../worker/cron';
import { balanceOf, runScheduled } from '../helpers';
import { mailSentRows, mailTo } from '../mail/support';
import { attemptsOf, cardBehavesAs, intentsOf, settingsOf, startedAttempt } from './support';

/** One ten-minute cron run at `scheduledTime`, its background work (the notice's send) awaited. */
async function runCron(scheduledTime: number) {
  await runScheduled(RECONCILE_CRON, scheduledTime);
}

describe('the cron pausing auto top-up', () => {
  it('emails exactly one paused notice when cron runs twice at once and again later', async () => {
    const now = Date.now();
    const { user, started } = await startedAttempt(now);
    await cardBehavesAs(user.id, '4000002760003184');
    // The run marked it sent, then died before Stripe heard of it: the cron resends with its key.
    await env.DB.prepare('UPDATE auto_topup_attempts SET sent_at = ? WHERE id = ?').bind(now, started.attempt.id).run();
    expect(await mailTo(user.email)).toEqual([]);

    const due = now + STALE_AFTER_MS + 1;
    await Promise.all([runCron(due), runCron(due)]);
    await runCron(due + 10 * 60_000);

    expect(await attemptsOf(user.id)).toMatchObject([
      { id: started.attempt.id, status: 'failed', failure_code: 'authentication_required' },
    ]);
    expect((await settingsOf(user.id))?.status).toBe('paused_authentication');
    expect((await intentsOf(user.id)).size).toBe(1);
    expect((await balanceOf(user.id)).credits).toBe(0);
    const mails = await mailTo(user.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.subject).toBe('Auto top-up is paused');
    expect(mails[0]?.text).toContain('We paused your auto top-up: your bank asked you to confirm the last payment');
    expect(await mailSentRows(user.id)).toEqual([
      { dedupe_key: `auto_topup_paused:${started.attempt.id}`, kind: 'auto_topup_paused' },
    ]);
  });
});
