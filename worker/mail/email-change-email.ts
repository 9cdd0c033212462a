// The email that confirms a new address: sent to the new address (the only way to prove it is the
// user's), in the user's language, with a link `/{locale}/confirm-email?token=…` valid 24 hours.
import { EMAIL_CHANGE_TTL_MS } from '../accounts/email-changes';
import { appOrigin } from '../app-origin';
import type { Db } from '../db/client';
import type { Locale } from '../vocabulary/locales';
import { render } from './layout';
import { recipientOf } from './recipient';
import { type MailEnv, type MailOutcome, sendMail } from './send';

const WORDS = {
  en: {
    subject: 'Confirm your new email for Creditcast',
    lines: (hours: number) => [
      'You asked to use this address for your Creditcast account.',
      `Open the link below to confirm it (it works once, for ${hours} hours). Until then, your receipts and sign-in stay on your old address.`,
      'If you did not ask, ignore this email: nothing changes.',
    ],
    link: 'Confirm this email',
    footer: 'You received this email because someone entered this address as the new email of a Creditcast account.',
  },
  zh: {
    subject: '确认您在 Creditcast 的新邮箱',
    lines: (hours: number) => [
      '您申请将此邮箱用于您的 Creditcast 账户。',
      `请打开下面的链接确认（链接仅可使用一次，${hours} 小时内有效）。确认之前，收据和登录仍使用您原来的邮箱。`,
      '如果这不是您本人的请求，请忽略此邮件，什么都不会改变。',
    ],
    link: '确认此邮箱',
    footer: '您收到此邮件，是因为有人将此邮箱地址填写为某个 Creditcast 账户的新邮箱。',
  },
} satisfies Record<Locale, unknown>;

export async function mailEmailChangeLink(
  env: MailEnv & Pick<Env, 'APP_ORIGIN'>,
  db: Db,
  change: { userId: string; newEmail: string; token: string },
): Promise<MailOutcome | { outcome: 'skipped' }> {
  const user = await recipientOf(db, change.userId);
  if (!user) return { outcome: 'skipped' };
  const words = WORDS[user.locale];
  const url = new URL(`/${user.locale}/confirm-email`, appOrigin(env));
  url.searchParams.set('token', change.token);
  const content = render({
    locale: user.locale,
    subject: words.subject,
    lines: words.lines(EMAIL_CHANGE_TTL_MS / 3_600_000),
    link: { label: words.link, url: url.href },
    footer: words.footer,
  });
  return sendMail(env, { to: change.newEmail, ...content, idempotencyKey: `email_change:${crypto.randomUUID()}` });
}
