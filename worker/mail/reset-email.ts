// The password reset email: issues a link for the account with this email (if any) and sends it, in
// the user's language (the request page's when the user has none yet). Runs after the route answered
// 202 (waitUntil), so neither the answer nor its timing says whether the account exists.
import { RESET_TTL_MS, requestPasswordReset } from '../accounts/password-resets';
import { appOrigin } from '../app-origin';
import type { Db } from '../db/client';
import type { Locale } from '../vocabulary/locales';
import { render } from './layout';
import { localeOr } from './recipient';
import { type MailEnv, type MailOutcome, sendMail } from './send';

const WORDS = {
  en: {
    subject: 'Reset your Creditcast password',
    lines: (minutes: number) => [
      'Someone (we hope you) asked to reset the password of your Creditcast account.',
      `The link below sets a new password. It works once, for ${minutes} minutes. Resetting signs you out everywhere.`,
      'If you did not ask, ignore this email: your password stays as it is.',
    ],
    link: 'Choose a new password',
    footer: 'You received this email because a password reset was requested for this address on Creditcast.',
  },
  zh: {
    subject: '重置您的 Creditcast 密码',
    lines: (minutes: number) => [
      '有人（希望是您本人）请求重置您 Creditcast 账户的密码。',
      `点击下面的链接设置新密码。链接仅可使用一次，${minutes} 分钟内有效。重置后，您将在所有设备上退出登录。`,
      '如果这不是您本人的请求，请忽略此邮件，您的密码不会改变。',
    ],
    link: '设置新密码',
    footer: '您收到此邮件，是因为有人在 Creditcast 为此邮箱地址请求了密码重置。',
  },
} satisfies Record<Locale, unknown>;

export type ResetMailOutcome = MailOutcome | { outcome: 'no_account' };

export async function mailResetLink(
  env: MailEnv & Pick<Env, 'APP_ORIGIN'>,
  db: Db,
  input: { email: string; locale?: Locale },
  now = Date.now(),
): Promise<ResetMailOutcome> {
  const issued = await requestPasswordReset(db, input.email, now);
  if (issued.outcome === 'no_account') return issued;
  const locale = localeOr(issued.locale, input.locale ?? 'en');
  const words = WORDS[locale];
  const url = new URL(`/${locale}/reset-password`, appOrigin(env));
  url.searchParams.set('token', issued.token);
  const content = render({
    locale,
    subject: words.subject,
    lines: words.lines(RESET_TTL_MS / 60_000),
    link: { label: words.link, url: url.toString() },
    footer: words.footer,
  });
  // The key names the link, not the token: the token never leaves in anything but the email itself.
  return sendMail(env, {
    to: input.email.trim().toLowerCase(),
    ...content,
    idempotencyKey: `reset:${crypto.randomUUID()}`,
  });
}
