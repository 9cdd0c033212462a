// The email that tells a user auto top-up paused, sent by the code that decides the pause (settle.ts
// for authentication and the third decline, attempts.ts for the month's limit), once per pause: the
// failed attempt's id, or the user and month of the limit, is mail_sent's key. Off the caller's path
// (its waitUntil) and never throwing: mail is a courtesy, the settlement is the record.
import type { Db } from '../db/client';
import { formatMoney } from '../mail/format';
import { mailAutoTopUpPaused } from '../mail/notices';
import type { ReceiptEnv } from '../mail/receipts';

/** What sending a pause notice needs: the mail env (MAIL_*, APP_ORIGIN) and a way to outlive the caller. */
export interface PauseMailer {
  env: ReceiptEnv;
  waitUntil: (p: Promise<unknown>) => void;
}

export type Pause =
  | { status: 'paused_authentication' | 'paused_declined'; attemptId: string }
  | { status: 'paused_limit'; month: string; limitCents: number; currency: string };

/** Why, and what to do, in each language (the words after "We paused your auto top-up:"). */
function reasonOf(pause: Pause): Record<'en' | 'zh', string> {
  switch (pause.status) {
    case 'paused_authentication':
      return {
        en: 'your bank asked you to confirm the last payment, which we cannot do while you are away. Buy a pack on the site once to confirm the card, or save another card.',
        zh: '您的银行要求您确认上一笔付款，而您不在线时我们无法完成确认。请在网站上购买一次积分包以确认银行卡，或保存另一张银行卡。',
      };
    case 'paused_declined':
      return {
        en: 'your card was declined 3 times in a row. Check with your bank, or save another card.',
        zh: '您的银行卡连续 3 次被拒绝。请向您的银行核实，或保存另一张银行卡。',
      };
    case 'paused_limit':
      return {
        en: `this month's top-ups reached your monthly limit of ${formatMoney('en', pause.limitCents, pause.currency)}. It resumes on the 1st (UTC), or raise the limit in your account.`,
        zh: `本月的自动充值已达到您设定的每月上限 ${formatMoney('zh', pause.limitCents, pause.currency)}。将于下月 1 日（UTC）恢复，您也可以在账户中提高上限。`,
      };
  }
}

const keyOf = (userId: string, pause: Pause) =>
  pause.status === 'paused_limit' ? `limit:${userId}:${pause.month}` : pause.attemptId;

/** Emails the pause in the background; no mailer (a test, a caller without mail) sends nothing. */
export function notifyPause(mailer: PauseMailer | undefined, db: Db, userId: string, pause: Pause): void {
  if (!mailer) return;
  const sent = (async () =>
    mailAutoTopUpPaused(mailer.env, db, { key: keyOf(userId, pause), userId, reason: reasonOf(pause) }))().catch(
    (err) => console.error(JSON.stringify({ msg: 'pause_notice_failed', userId, error: String(err) })),
  );
  mailer.waitUntil(sent);
}
