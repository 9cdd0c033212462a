// The site's words: the en/zh dictionaries, the current locale, and Intl-based number, money and date formatting.
import { createSignal } from 'solid-js';
import { LOCALES, type Locale } from '../../../worker/vocabulary/locales';

export { LOCALES, type Locale };

const en = {
  app_name: 'Creditcast',
  nav_home: 'Credits',
  nav_signin: 'Sign in',
  nav_signup: 'Sign up',
  nav_admin: 'Admin',
  sign_out: 'Sign out',
  nav_main: 'Main',
  nav_language: 'Language',
  balance_label: 'Balance',
  balance_loading: '…',
  live_on: 'Live: balance updates instantly',
  credits_one: '{n} credit',
  credits_other: '{n} credits',
  loading: 'Loading…',
  error_network: 'Could not reach the server. Check your connection and try again.',
  error_generic: 'Something went wrong. Please try again.',
  // The app shell (site-live): live states, page loading, sign-out elsewhere, skip link.
  live_reconnecting: 'Reconnecting…: balance may lag',
  live_reconnecting_short: 'Reconnecting…',
  live_offline: 'Offline: balance may be out of date',
  live_offline_short: 'Offline',
  page_load_failed_title: 'This page could not be loaded',
  page_load_failed_body: 'Check your connection, then try again. Your credits are safe.',
  page_load_retry: 'Try again',
  signed_out_elsewhere: 'You were signed out (in another tab or window).',
  sign_in_again: 'Sign in again',
  skip_to_content: 'Skip to main content',
  credit_announce: '{credits} added. New balance: {balance}.',

  signin_title: 'Sign in',
  signup_title: 'Create your account',
  email: 'Email',
  password: 'Password',
  password_hint: 'At least 8 characters.',
  signin_submit: 'Sign in',
  signup_submit: 'Create account',
  submitting: 'Please wait…',
  signin_no_account: 'New here?',
  signin_to_signup: 'Create an account',
  signup_have_account: 'Already have an account?',
  signup_to_signin: 'Sign in',
  err_bad_credentials: 'That email and password do not match an account.',
  err_email_taken: 'An account with this email already exists. Sign in instead.',
  err_invalid_signup: 'Enter a valid email address and a password of at least 8 characters.',
  // Sign-up's per-field errors and the header's account link (site/src/pages/auth/auth-fields.ts).
  err_email_required: 'Enter your email address.',
  err_email_invalid: 'Enter a valid email address, like name@example.com.',
  err_password_required: 'Enter a password.',
  err_password_short: 'Use at least 8 characters.',
  err_password_long: 'Use at most 1,024 characters.',
  err_password_invalid: 'This password contains characters that cannot be used. Type it again.',
  nav_account: 'Account',

  home_title: 'Your credits',
  home_balance_caption: 'Updates live, in every tab, the moment credits land.',
  packs_title: 'Buy credits',
  packs_empty: 'No credit packs are on sale right now.',
  pack_credits: '{credits} credits',
  buy: 'Buy',
  buy_redirecting: 'Opening checkout…',
  spend_title: 'Try it',
  spend_demo: 'Spend 10 credits',
  spend_done: 'Spent 10 credits.',
  err_insufficient: 'Not enough credits for that. Buy a pack first.',
  ledger_title: 'Recent activity',
  ledger_empty: 'No activity yet. Your purchases and spends will show up here.',
  ledger_date: 'Date',
  ledger_kind: 'What',
  ledger_delta: 'Change',
  ledger_balance_after: 'Balance after',
  kind_purchase: 'Purchase',
  kind_spend: 'Spend',
  kind_refund: 'Refund',
  kind_dispute: 'Dispute',
  kind_dispute_reversal: 'Dispute won',
  kind_adjustment: 'Adjustment',
  kind_subscription: 'Subscription',
  kind_grant: 'Grant',
  kind_hold: 'Hold',
  kind_capture: 'Hold settled (rest returned)',
  kind_release: 'Hold released',
  kind_expire: 'Expired',
  kind_unknown: 'Other',

  success_title: 'Payment',
  success_waiting: 'Payment received — adding your credits…',
  success_elapsed: 'Waiting for {s} s',
  success_slow:
    'This is taking longer than usual. Your payment is safe: we keep listening and will add the credits as soon as they are confirmed.',
  success_session: 'Payment reference: {id}',
  success_credited: '+{credits} credits',
  success_new_balance: 'New balance',
  success_announce: '{credits} added. New balance: {balance}.',
  success_processing_title: 'Bank transfer processing',
  success_failed_title: 'Payment failed',
  success_expired_title: 'Checkout expired',
  success_refunded_title: 'Payment refunded',
  success_not_found_title: 'Payment not found',
  success_signed_out_title: 'You are signed out',
  success_processing:
    "Your bank transfer is processing. We'll add your credits as soon as it clears — you can leave this page.",
  success_failed: 'The payment did not go through, so no credits were added and you were not charged.',
  success_expired: 'This checkout expired before it was paid, so you were not charged.',
  success_refunded: 'This payment was refunded, and its credits were taken back.',
  success_not_found: "We can't find this payment in your account. Check the link, or see your recent activity.",
  success_signed_out: 'You are signed out. Sign in to see this payment; your credits are safe either way.',
  try_again: 'Try again',
  back_home: 'Back to your credits',

  cancel_title: 'Payment cancelled — you were not charged',
  cancel_body: 'Nothing was taken from your account. You can pick a pack again whenever you like.',
  back_to_packs: 'Back to packs',

  not_found_title: 'Page not found',
  not_found_body: 'There is nothing at this address.',

  nav_studio: 'Studio',
  nav_history: 'History',
  ledger_see_all: 'See all history',
  balance_buy_more: '{balance} — buy more credits',
  reserved: '{n} reserved',
  buys_renders: 'About {n} videos of {s} s',
  buys_renders_balance: 'Enough for about {n} videos of {s} s ({res}).',
  low_balance: 'Your balance is under one typical video ({cost} credits).',
  low_balance_link: 'Buy credits',
  expiring_notice: '{credits} credits expire on {date}.',
  lots_title: 'Your credits by source',
  lots_empty: 'No active credits.',
  lot_source: 'Source',
  lot_remaining: 'Remaining',
  lot_expires: 'Expires',
  lot_never: 'Never',
  source_purchase: 'Purchase',
  source_subscription: 'Subscription',
  source_grant: 'Grant',
  studio_title: 'Studio',
  studio_intro: 'Describe a video and generate it. Credits are reserved first; you pay what the render uses.',
  studio_simulated:
    'Rendering here is simulated by a stand-in backend (tools/render-farm): no real video is made, but the credits move exactly as they would.',
  studio_prompt: 'Prompt',
  studio_length: 'Length',
  studio_resolution: 'Resolution',
  studio_seconds: '{n} s',
  studio_price: 'Up to {n} credits; you pay what the render uses.',
  studio_generate: 'Generate',
  studio_generating: 'Reserving…',
  studio_reserved: '{n} credits reserved. The render is queued.',
  studio_err_insufficient: 'Not enough credits for this video.',
  studio_err_farm: 'The render farm is unavailable. Nothing was charged; try again shortly.',
  studio_err_prompt: 'Describe the video first.',
  studio_jobs_title: 'Your videos',
  studio_jobs_empty: 'No videos yet.',
  job_col_prompt: 'Prompt',
  job_col_video: 'Video',
  job_col_status: 'Status',
  job_col_cost: 'Credits',
  job_col_time: 'Started',
  job_queued: 'Queued',
  job_rendering: 'Rendering {n}%',
  job_done: 'Done',
  job_failed: 'Failed',
  job_cost_reserved: '{n} reserved',
  job_cost_done: '{captured} spent, {returned} returned',
  job_cost_failed: 'All {n} returned',
} as const;

export type MessageKey = keyof typeof en;

// Typed as exactly en's keys: a missing or extra key in zh is a compile error.
const zh: { [K in MessageKey]: string } = {
  app_name: 'Creditcast',
  nav_home: '积分',
  nav_signin: '登录',
  nav_signup: '注册',
  nav_admin: '管理',
  sign_out: '退出登录',
  nav_main: '主导航',
  nav_language: '语言',
  balance_label: '余额',
  balance_loading: '…',
  live_on: '实时：余额即时更新',
  credits_one: '{n} 积分',
  credits_other: '{n} 积分',
  loading: '加载中…',
  error_network: '无法连接服务器。请检查网络后重试。',
  error_generic: '出了点问题，请重试。',
  live_reconnecting: '正在重连…：余额可能滞后',
  live_reconnecting_short: '正在重连…',
  live_offline: '离线：余额可能不是最新',
  live_offline_short: '离线',
  page_load_failed_title: '页面无法加载',
  page_load_failed_body: '请检查网络后重试。你的积分不受影响。',
  page_load_retry: '重试',
  signed_out_elsewhere: '你已退出登录（在其他标签页或窗口中）。',
  sign_in_again: '重新登录',
  skip_to_content: '跳到主要内容',
  credit_announce: '已添加 {credits}。新余额：{balance}。',

  signin_title: '登录',
  signup_title: '创建账户',
  email: '邮箱',
  password: '密码',
  password_hint: '至少 8 个字符。',
  signin_submit: '登录',
  signup_submit: '创建账户',
  submitting: '请稍候…',
  signin_no_account: '第一次来？',
  signin_to_signup: '创建账户',
  signup_have_account: '已有账户？',
  signup_to_signin: '登录',
  err_bad_credentials: '邮箱或密码不正确。',
  err_email_taken: '该邮箱已注册，请直接登录。',
  err_invalid_signup: '请输入有效的邮箱地址，密码至少 8 个字符。',
  err_email_required: '请输入邮箱地址。',
  err_email_invalid: '请输入有效的邮箱地址，例如 name@example.com。',
  err_password_required: '请输入密码。',
  err_password_short: '密码至少需要 8 个字符。',
  err_password_long: '密码最多 1024 个字符。',
  err_password_invalid: '密码中含有无法使用的字符，请重新输入。',
  nav_account: '账户',

  home_title: '我的积分',
  home_balance_caption: '积分到账的一刻，所有标签页都会实时更新。',
  packs_title: '购买积分',
  packs_empty: '目前没有在售的积分包。',
  pack_credits: '{credits} 积分',
  buy: '购买',
  buy_redirecting: '正在打开收银台…',
  spend_title: '试一试',
  spend_demo: '消费 10 积分',
  spend_done: '已消费 10 积分。',
  err_insufficient: '积分不足，请先购买积分包。',
  ledger_title: '最近记录',
  ledger_empty: '暂无记录。购买和消费都会显示在这里。',
  ledger_date: '时间',
  ledger_kind: '类型',
  ledger_delta: '变动',
  ledger_balance_after: '变动后余额',
  kind_purchase: '购买',
  kind_spend: '消费',
  kind_refund: '退款',
  kind_dispute: '争议扣回',
  kind_dispute_reversal: '争议胜诉返还',
  kind_adjustment: '调整',
  kind_subscription: '订阅',
  kind_grant: '赠送',
  kind_hold: '预留',
  kind_capture: '预留结算（余额退回）',
  kind_release: '预留释放',
  kind_expire: '过期',
  kind_unknown: '其他',

  success_title: '支付',
  success_waiting: '已收到付款，正在为你添加积分…',
  success_elapsed: '已等待 {s} 秒',
  success_slow: '比平时慢了一些。你的付款是安全的：我们会持续等待，积分一经确认立即到账。',
  success_session: '支付编号：{id}',
  success_credited: '+{credits} 积分',
  success_new_balance: '新余额',
  success_announce: '已添加 {credits}。新余额：{balance}。',
  success_processing_title: '银行转账处理中',
  success_failed_title: '付款失败',
  success_expired_title: '结账已过期',
  success_refunded_title: '已退款',
  success_not_found_title: '找不到这笔付款',
  success_signed_out_title: '你已退出登录',
  success_processing: '你的银行转账正在处理中。款项到账后我们会立即添加积分，你可以离开此页面。',
  success_failed: '付款未成功，没有添加积分，也没有扣款。',
  success_expired: '本次结账在付款前已过期，没有扣款。',
  success_refunded: '这笔付款已退款，相应积分已扣回。',
  success_not_found: '在你的账户中找不到这笔付款。请检查链接，或查看最近记录。',
  success_signed_out: '你已退出登录。登录后即可查看这笔付款；无论如何，你的积分都是安全的。',
  try_again: '重试',
  back_home: '返回我的积分',

  cancel_title: '已取消支付，未扣款',
  cancel_body: '你的账户没有任何扣款。随时可以重新选择积分包。',
  back_to_packs: '返回积分包',

  not_found_title: '页面不存在',
  not_found_body: '这个地址没有内容。',

  nav_studio: '工作室',
  nav_history: '记录',
  ledger_see_all: '查看全部记录',
  balance_buy_more: '{balance} — 购买更多积分',
  reserved: '已预留 {n}',
  buys_renders: '约可生成 {n} 个 {s} 秒视频',
  buys_renders_balance: '约够生成 {n} 个 {s} 秒视频（{res}）。',
  low_balance: '你的余额不足一个标准视频（{cost} 积分）。',
  low_balance_link: '购买积分',
  expiring_notice: '{credits} 积分将于 {date} 过期。',
  lots_title: '积分来源',
  lots_empty: '没有可用积分。',
  lot_source: '来源',
  lot_remaining: '剩余',
  lot_expires: '过期时间',
  lot_never: '永不过期',
  source_purchase: '购买',
  source_subscription: '订阅',
  source_grant: '赠送',
  studio_title: '工作室',
  studio_intro: '描述一个视频并生成。系统先预留积分，最终只按实际渲染用量扣费。',
  studio_simulated: '此处的渲染由替身后端（tools/render-farm）模拟：不会生成真实视频，但积分的变动与真实情况完全一致。',
  studio_prompt: '提示词',
  studio_length: '时长',
  studio_resolution: '分辨率',
  studio_seconds: '{n} 秒',
  studio_price: '最多 {n} 积分；按实际渲染用量扣费。',
  studio_generate: '生成',
  studio_generating: '正在预留…',
  studio_reserved: '已预留 {n} 积分，渲染已排队。',
  studio_err_insufficient: '积分不足，无法生成这个视频。',
  studio_err_farm: '渲染服务暂不可用，未扣任何积分，请稍后再试。',
  studio_err_prompt: '请先描述视频内容。',
  studio_jobs_title: '你的视频',
  studio_jobs_empty: '还没有视频。',
  job_col_prompt: '提示词',
  job_col_video: '视频',
  job_col_status: '状态',
  job_col_cost: '积分',
  job_col_time: '开始时间',
  job_queued: '排队中',
  job_rendering: '渲染中 {n}%',
  job_done: '完成',
  job_failed: '失败',
  job_cost_reserved: '已预留 {n}',
  job_cost_done: '花费 {captured}，退回 {returned}',
  job_cost_failed: '{n} 全部退回',
};

/** Each language's own name, shown in the switcher in that language (not translated, by convention). */
export const LANGUAGE_NAMES: Record<Locale, string> = { en: 'English', zh: '中文' };

export const dictionaries: Record<Locale, { [K in MessageKey]: string }> = { en, zh };

export type Vars = Record<string, string | number>;

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** zh* → zh, anything else → en; the first language the browser lists decides. */
export function pickLocale(languages: readonly string[]): Locale {
  const first = languages[0]?.toLowerCase() ?? '';
  return first === 'zh' || first.startsWith('zh-') ? 'zh' : 'en';
}

/** Looks a key up and fills `{name}` placeholders. Numbers are formatted for the locale. */
export function translate(locale: Locale, key: MessageKey, vars?: Vars): string {
  const text: string = dictionaries[locale][key];
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = vars[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? formatNumber(locale, value) : value;
  });
}

export function formatNumber(locale: Locale, n: number): string {
  return new Intl.NumberFormat(locale).format(n);
}

/** "1,000 credits" / "1 credit"; plural choice by Intl.PluralRules so zh needs no plural forms. */
export function formatCredits(locale: Locale, n: number): string {
  const form = new Intl.PluralRules(locale).select(n) === 'one' ? 'credits_one' : 'credits_other';
  return translate(locale, form, { n });
}

/** "+1,000" / "−10": ledger deltas always carry their sign. */
export function formatDelta(locale: Locale, n: number): string {
  return new Intl.NumberFormat(locale, { signDisplay: 'exceptZero' }).format(n);
}

/**
 * Prices arrive in the currency's smallest unit (cents for USD, yen for JPY), as Stripe sends
 * them; the currency's own number of decimals (from Intl) turns them into a display amount.
 */
export function formatMoney(locale: Locale, amount: number, currency: string): string {
  const code = currency.toUpperCase();
  const digits =
    new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions().maximumFractionDigits ?? 2;
  return new Intl.NumberFormat(locale, { style: 'currency', currency: code }).format(amount / 10 ** digits);
}

/** Accepts an ISO string (the ledger's `createdAt`), epoch milliseconds or epoch seconds. */
export function toDate(value: string | number): Date {
  if (typeof value === 'number') return new Date(value < 1e12 ? value * 1000 : value);
  return new Date(value);
}

/** "9 Dec" / "12月9日": a day without the time, for expiry notices. */
export function formatDay(locale: Locale, value: string | number): string {
  const date = toDate(value);
  if (Number.isNaN(date.getTime())) return String(value);
  return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short' }).format(date);
}

export function formatDateTime(locale: Locale, value: string | number): string {
  const date = toDate(value);
  if (Number.isNaN(date.getTime())) return String(value);
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

// The current locale: set by the /:locale layout from the URL, read by every `t()` call.
const [locale, setLocale] = createSignal<Locale>('en');
export { locale, setLocale };

/** Reactive translate in the current locale: use it inside JSX or effects. */
export function t(key: MessageKey, vars?: Vars): string {
  return translate(locale(), key, vars);
}

/** Reactive "1,000 credits" in the current locale. */
export function credits(n: number): string {
  return formatCredits(locale(), n);
}

/** A site path under the current locale: path('/payment/cancel') → '/en/payment/cancel'. */
export function localePath(path = ''): string {
  return `/${locale()}${path === '/' ? '' : path}`;
}

/** The same page in another locale: swaps the first path segment, keeps the query. */
export function switchLocalePath(pathname: string, search: string, to: Locale): string {
  const rest = pathname.replace(/^\/[^/]*/, '');
  return `/${to}${rest}${search}`;
}
