// The plans and subscription words (en and zh), kept apart from the site's main dictionary so the plans UI merges cleanly.
import { formatNumber, type Locale, locale, t, type Vars } from '../../lib/i18n';

const en = {
  plans_title: 'Monthly plans',
  plans_intro: 'A plan adds its credits every month, on top of any packs you buy. Bought credits never expire.',
  plans_empty: 'No plans are on sale right now.',
  plan_credits: '{credits} credits a month',
  plan_price: '{price} a month',
  plan_resets: 'Unused monthly credits reset at each renewal.',
  plan_rollover: 'Up to {rollover} unused credits carry over to the next month.',
  plan_subscribe: 'Subscribe',
  plan_subscribing: 'Opening checkout…',
  plan_current: 'Your plan',
  plan_name_pro: 'Pro',
  plan_name_studio: 'Studio',
  sub_heading: 'Your plan: {plan}',
  sub_status_active: 'Active',
  sub_status_ending: 'Cancelled',
  sub_status_past_due: 'Payment failed',
  sub_status_pending: 'Payment pending',
  sub_status_paused: 'Paused',
  sub_renews: 'Renews on {date}.',
  sub_ends: 'Ends on {date}. No further payments.',
  sub_past_due: 'The renewal payment failed. Update your card to keep your monthly credits.',
  sub_pending: 'We are waiting for the first payment.',
  sub_manage: 'Manage subscription',
  sub_manage_hint: 'Change plan, cancel or resume, update your card and see invoices in the billing portal.',
  sub_opening_portal: 'Opening the billing portal…',
  sub_err_already: 'You already have a subscription. Manage it in the billing portal.',
  sub_err_no_customer: 'There is no billing account for you yet. Subscribe to a plan first.',
  allowance_resets: '{credits} monthly credits, reset on {date}',
  allowance_rolls: '{credits} monthly credits, renewed on {date} (up to {rollover} carry over)',
  allowance_expires: '{credits} monthly credits, expire on {date}',
  bought_credits: '{credits} bought credits, never expire',
  granted_credits: '{credits} bonus credits',
  credits_split_label: 'Where your credits come from',
  past_due_banner: 'Your subscription payment failed, so your next monthly credits are on hold.',
  past_due_link: 'Update payment in the billing portal',
  success_sub_waiting: 'Subscribed — adding your monthly credits…',
  success_sub_credited: 'Your {credits} monthly credits are here',
  success_sub_announce: 'Your {credits} monthly credits are here. New balance: {balance}.',
} as const;

export type SubscriptionKey = keyof typeof en;

// Typed as exactly en's keys: a missing or extra key in zh is a compile error.
const zh: { [K in SubscriptionKey]: string } = {
  plans_title: '月度套餐',
  plans_intro: '套餐每月发放积分，与你购买的积分包叠加。购买的积分永不过期。',
  plans_empty: '目前没有在售的套餐。',
  plan_credits: '每月 {credits} 积分',
  plan_price: '每月 {price}',
  plan_resets: '未用完的月度积分在每次续订时清零。',
  plan_rollover: '最多 {rollover} 未用积分可结转到下个月。',
  plan_subscribe: '订阅',
  plan_subscribing: '正在打开收银台…',
  plan_current: '当前套餐',
  plan_name_pro: '专业版',
  plan_name_studio: '工作室版',
  sub_heading: '你的套餐：{plan}',
  sub_status_active: '生效中',
  sub_status_ending: '已取消',
  sub_status_past_due: '扣款失败',
  sub_status_pending: '等待付款',
  sub_status_paused: '已暂停',
  sub_renews: '将于 {date} 续订。',
  sub_ends: '将于 {date} 结束，之后不再扣款。',
  sub_past_due: '续订扣款失败。请更新银行卡以继续获得月度积分。',
  sub_pending: '正在等待首次付款。',
  sub_manage: '管理订阅',
  sub_manage_hint: '在账单门户中更换套餐、取消或恢复订阅、更新银行卡并查看发票。',
  sub_opening_portal: '正在打开账单门户…',
  sub_err_already: '你已有订阅，请在账单门户中管理。',
  sub_err_no_customer: '你还没有账单账户，请先订阅一个套餐。',
  allowance_resets: '{credits} 月度积分，{date} 清零',
  allowance_rolls: '{credits} 月度积分，{date} 续发（最多结转 {rollover}）',
  allowance_expires: '{credits} 月度积分，{date} 过期',
  bought_credits: '{credits} 购买积分，永不过期',
  granted_credits: '{credits} 赠送积分',
  credits_split_label: '积分构成',
  past_due_banner: '订阅扣款失败，下个月的积分暂停发放。',
  past_due_link: '前往账单门户更新付款方式',
  success_sub_waiting: '订阅成功，正在添加你的月度积分…',
  success_sub_credited: '你的 {credits} 月度积分已到账',
  success_sub_announce: '你的 {credits} 月度积分已到账。新余额：{balance}。',
};

export const subscriptionDictionaries: Record<Locale, { [K in SubscriptionKey]: string }> = { en, zh };

/** Looks a key up in a given locale and fills `{name}` placeholders (numbers formatted for the locale). */
export function translateSub(lang: Locale, key: SubscriptionKey, vars?: Vars): string {
  const text: string = subscriptionDictionaries[lang][key];
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = vars[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? formatNumber(lang, value) : value;
  });
}

/** Reactive translate in the current locale: use it inside JSX or effects. */
export function st(key: SubscriptionKey, vars?: Vars): string {
  return translateSub(locale(), key, vars);
}

/** A message for the plans UI: one of its own keys, one of the site's two generic errors, or the server's own words. */
export type PlansNotice = { key: SubscriptionKey | 'error_network' | 'error_generic' } | { text: string };

export function noticeText(notice: PlansNotice): string {
  if ('text' in notice) return notice.text;
  return notice.key === 'error_network' || notice.key === 'error_generic' ? t(notice.key) : st(notice.key);
}
