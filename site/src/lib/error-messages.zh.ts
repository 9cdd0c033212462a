// What each error code means to a user, in Chinese.
import type en from './error-messages.en';

// Typed as exactly en's keys: a missing or extra code is a compile error.
const zh: Record<keyof typeof en, string> = {
  network_error: '无法连接服务器。请检查网络后重试。',
  unauthorized: '你已退出登录。请登录后继续。',
  invalid_request: '填写的内容有误。请检查后重试。',
  invalid_json: '请求内容有误。请刷新页面后重试。',
  bad_request: '请求无效。请刷新页面后重试。',
  cross_origin: '该请求来自其他网站，已被拒绝。请直接打开本应用后重试。',
  forbidden: '你无权访问此内容。',
  not_found: '未找到该内容，可能已被删除。',
  method_not_allowed: '该操作不可用。请刷新页面。',
  payload_too_large: '内容过大，请精简后重试。',
  unsupported_media_type: '不支持该请求类型。请刷新页面。',
  upgrade_required: '实时更新需要重新连接。请刷新页面。',
  rate_limited: '尝试次数过多。请等待一分钟后再试。',
  insufficient_credits: '积分不足。请先购买积分包。',
  checkout_not_found: '找不到这笔支付。如果你已付款，积分不会丢失：请稍后查看余额。',
  // One code for every reused idempotency key (checkout, spend, holds, grants, adjustments).
  idempotency_conflict: '该请求已以不同内容提交过，或仍在处理中。请稍候，刷新页面后重试。',
  stripe_error: '支付服务暂无响应。你没有被扣款，请稍后重试。',
  stripe_not_configured: '本站尚未配置支付。请联系客服。',
  // (Codes only one area's calls meet are that area's set: admin-, account-, auth-, studio-, purchase-error-messages.*;
  // codes of routes no page calls or reads, api-only-error-messages.*.)
  // Plans and subscriptions (starting one: purchase-error-messages.*).
  no_customer: '暂无可管理的内容：请先订阅套餐或购买积分包。',
  needs_card: '请先保存一张银行卡：自动充值会从您保存的卡扣款。',
  http_error: '请求失败。请刷新页面后重试。',
  internal_error: '服务器出了点问题，请重试。',
  // For codes the table does not know (a newer server, a proxy's error page); no Worker code has this name.
  generic_error: '出了点问题，请重试；如果问题持续，请联系客服。',
};

export default zh;
