// Server errors as a user reads them: error code → an en/zh sentence saying what happened and what to
// do. ApiError carries the translated text (api.ts), so every page that shows an error shows this.
import type { ErrorCode } from '../../../worker/vocabulary/error-codes';
import type { Locale } from './i18n';

type Text = Record<Locale, string>;

/** The client's own code, for a request that never reached the server. */
export type ClientErrorCode = 'network_error';

/**
 * Every code the Worker can answer the site with (keyed by the Worker's registry,
 * worker/vocabulary/error-codes.ts: a code without a sentence here does not compile), plus the
 * client's own network_error.
 */
export const ERROR_MESSAGES: Record<ErrorCode | ClientErrorCode, Text> = {
  network_error: {
    en: 'Could not reach the server. Check your connection and try again.',
    zh: '无法连接服务器。请检查网络后重试。',
  },
  unauthorized: { en: 'You are signed out. Sign in to continue.', zh: '你已退出登录。请登录后继续。' },
  invalid_credentials: {
    en: 'That email and password do not match an account. Check them and try again.',
    zh: '邮箱或密码不正确。请检查后重试。',
  },
  email_taken: {
    en: 'An account with this email already exists. Sign in instead.',
    zh: '该邮箱已注册。请直接登录。',
  },
  invalid_request: {
    en: 'Some of what you entered is not valid. Check it and try again.',
    zh: '填写的内容有误。请检查后重试。',
  },
  invalid_json: {
    en: 'The request was garbled. Reload the page and try again.',
    zh: '请求内容有误。请刷新页面后重试。',
  },
  bad_request: { en: 'The request was not valid. Reload the page and try again.', zh: '请求无效。请刷新页面后重试。' },
  cross_origin: {
    en: 'This request came from another site and was refused. Open the app directly and try again.',
    zh: '该请求来自其他网站，已被拒绝。请直接打开本应用后重试。',
  },
  forbidden: { en: 'You do not have access to this.', zh: '你无权访问此内容。' },
  not_found: { en: 'That was not found. It may have been removed.', zh: '未找到该内容，可能已被删除。' },
  method_not_allowed: { en: 'That action is not available. Reload the page.', zh: '该操作不可用。请刷新页面。' },
  payload_too_large: { en: 'That is too large to send. Shorten it and try again.', zh: '内容过大，请精简后重试。' },
  unsupported_media_type: {
    en: 'That request type is not supported. Reload the page.',
    zh: '不支持该请求类型。请刷新页面。',
  },
  upgrade_required: {
    en: 'Live updates need a newer browser connection. Reload the page.',
    zh: '实时更新需要重新连接。请刷新页面。',
  },
  rate_limited: { en: 'Too many attempts. Wait a minute, then try again.', zh: '尝试次数过多。请等待一分钟后再试。' },
  insufficient_credits: { en: 'Not enough credits for that. Buy a pack first.', zh: '积分不足。请先购买积分包。' },
  unknown_pack: {
    en: 'That pack is no longer on sale. Reload to see the current packs.',
    zh: '该积分包已下架。请刷新查看当前积分包。',
  },
  checkout_not_found: {
    en: 'We could not find that payment. If you paid, your credits are safe: check your balance in a minute.',
    zh: '找不到这笔支付。如果你已付款，积分不会丢失：请稍后查看余额。',
  },
  purchase_not_found: { en: 'That purchase was not found.', zh: '未找到该购买记录。' },
  // One code for every reused idempotency key (checkout, spend, holds, grants, adjustments).
  idempotency_conflict: {
    en: 'That request was already made with different details, or is still being processed. Wait a moment, reload the page and try again.',
    zh: '该请求已以不同内容提交过，或仍在处理中。请稍候，刷新页面后重试。',
  },
  stripe_error: {
    en: 'The payment service did not answer. You were not charged; try again in a moment.',
    zh: '支付服务暂无响应。你没有被扣款，请稍后重试。',
  },
  stripe_not_configured: {
    en: 'Payments are not set up on this site yet. Contact support.',
    zh: '本站尚未配置支付。请联系客服。',
  },
  app_origin_not_configured: {
    en: 'This site is not fully set up yet. Contact support.',
    zh: '本站尚未完成配置。请联系客服。',
  },
  webhook_not_configured: {
    en: 'This site is not fully set up yet. Contact support.',
    zh: '本站尚未完成配置。请联系客服。',
  },
  missing_signature: { en: 'The request was not signed.', zh: '请求缺少签名。' },
  invalid_signature: { en: 'The request signature is not valid.', zh: '请求签名无效。' },
  invalid_event: { en: 'The event was not understood.', zh: '无法识别该事件。' },
  invalid_api_key: { en: 'A valid API key is required.', zh: '需要有效的 API 密钥。' },
  hold_not_found: { en: 'That reservation was not found.', zh: '未找到该预留。' },
  hold_owned_by_app: {
    en: 'This reservation belongs to the app that made it (a render in progress); the app settles it when the job ends.',
    zh: '该预留属于创建它的应用（正在进行的渲染）；任务结束时由应用结算。',
  },
  hold_not_active: { en: 'That reservation has already been settled or released.', zh: '该预留已结算或已释放。' },
  hold_expired: { en: 'That reservation expired; its credits were returned to you.', zh: '该预留已过期，积分已退回。' },
  job_not_found: { en: 'That render was not found.', zh: '未找到该渲染任务。' },
  render_farm_unavailable: {
    en: 'The render farm is unavailable; nothing was charged. Try again shortly.',
    zh: '渲染服务暂不可用，未扣积分。请稍后再试。',
  },
  user_not_found: { en: 'No such user.', zh: '没有该用户。' },
  not_refundable: { en: 'This purchase cannot be refunded.', zh: '该购买无法退款。' },
  nothing_to_refund: { en: 'Nothing is left to refund on this purchase.', zh: '该购买已无可退金额。' },
  charge_disputed: {
    en: 'This payment is disputed, so it cannot be refunded: the dispute decides what the customer gets back.',
    zh: '该付款正处于争议中，无法退款：退还多少由争议结果决定。',
  },
  refund_refused: {
    en: 'Stripe refused this refund. Check the purchase in Stripe, then try again if it should go through.',
    zh: 'Stripe 拒绝了此次退款。请在 Stripe 中查看该购买，如确应退款再重试。',
  },
  stripe_unavailable: {
    en: 'Stripe could not be reached. Try again in a moment: it will not refund twice.',
    zh: '暂时无法连接 Stripe。请稍后重试：不会重复退款。',
  },
  key_name_taken: {
    en: 'A key with this name already exists. Pick another name.',
    zh: '该名称的密钥已存在。请换一个名称。',
  },
  key_not_found: {
    en: 'That key was not found. It may have been revoked already.',
    zh: '未找到该密钥，可能已被撤销。',
  },
  // Apps (embedding): origins on keys, the app's users, browser tokens, app-started checkout.
  invalid_origin: {
    en: 'An origin is not valid. Write each as scheme://host[:port], with no path and no *.',
    zh: '来源格式无效。请按 scheme://host[:port] 填写，不带路径，也不要用 *。',
  },
  external_id_conflict: {
    en: "This email already belongs to another of the app's users.",
    zh: '该邮箱已属于该应用的另一位用户。',
  },
  no_origins: {
    en: 'This key names no origin. Add the origins of your pages to it first.',
    zh: '该密钥没有设置来源。请先添加你的页面所在的来源。',
  },
  webhook_url_not_allowed: {
    en: 'That endpoint address cannot receive events: use an https address on the public internet.',
    zh: '该端点地址无法接收事件：请使用公共互联网上的 https 地址。',
  },
  webhook_endpoint_not_found: { en: 'That webhook endpoint was not found.', zh: '未找到该 Webhook 端点。' },
  url_not_allowed: {
    en: "The return address is not on one of the app's origins.",
    zh: '返回地址不在该应用的来源之内。',
  },
  invalid_token: {
    en: 'Your sign-in link has expired. Go back to the app and try again.',
    zh: '登录链接已失效。请返回应用后重试。',
  },
  origin_not_allowed: {
    en: "This page's site is not allowed to show your balance.",
    zh: '该页面所在的网站无权显示你的余额。',
  },
  // Account page (/api/account).
  wrong_password: {
    en: 'The current password is not right. Check it and try again.',
    zh: '当前密码不正确。请检查后重试。',
  },
  negative_balance: {
    en: 'Your balance is below zero. Buy credits to settle it before closing the account.',
    zh: '您的余额为负。请先购买积分补足，再注销账户。',
  },
  subscription_active: {
    en: 'You still have an active plan. Cancel it in the billing portal first, then close the account.',
    zh: '您仍有生效中的套餐。请先在账单门户中取消，再注销账户。',
  },
  session_not_found: {
    en: 'That session has already ended. Reload the list.',
    zh: '该会话已结束。请刷新列表。',
  },
  receipt_not_found: {
    en: 'There is no receipt for this payment yet. Try again later, or contact support.',
    zh: '此付款暂无收据。请稍后重试，或联系客服。',
  },
  // Plans and subscriptions.
  unknown_plan: {
    en: 'That plan is not on sale. Reload the page to see the plans.',
    zh: '该套餐未在销售。请刷新页面查看套餐。',
  },
  already_subscribed: {
    en: 'You already have a plan. Change or cancel it in the billing portal.',
    zh: '您已订阅套餐。请在账单门户中更改或取消。',
  },
  no_customer: {
    en: 'There is nothing to manage yet: subscribe to a plan or buy a pack first.',
    zh: '暂无可管理的内容：请先订阅套餐或购买积分包。',
  },
  http_error: { en: 'The request failed. Reload the page and try again.', zh: '请求失败。请刷新页面后重试。' },
  internal_error: { en: 'Something went wrong on our side. Please try again.', zh: '服务器出了点问题，请重试。' },
};

/** For codes the table does not know (a newer server, a proxy's error page). */
export const GENERIC_ERROR: Text = {
  en: 'Something went wrong. Please try again; if it keeps happening, contact support.',
  zh: '出了点问题，请重试；如果问题持续，请联系客服。',
};

/** The sentence to show a user for an error code, in `locale`. */
export function errorMessage(code: string, locale: Locale): string {
  const known = Object.hasOwn(ERROR_MESSAGES, code) ? ERROR_MESSAGES[code as keyof typeof ERROR_MESSAGES] : undefined;
  return (known ?? GENERIC_ERROR)[locale];
}
