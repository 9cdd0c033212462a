// What the error codes only the operator console's calls (admin-api.ts) can meet mean to a user, in Chinese.
import type en from './admin-error-messages.en';

// Typed as exactly en's keys: a missing or extra code is a compile error.
const zh: Record<keyof typeof en, string> = {
  purchase_not_found: '未找到该购买记录。',
  invoice_not_found: '未找到该套餐付款。',
  user_not_found: '没有该用户。',
  not_refundable: '该购买无法退款。',
  nothing_to_refund: '该购买已无可退金额。',
  charge_disputed: '该付款正处于争议中，无法退款：退还多少由争议结果决定。',
  refund_refused: 'Stripe 拒绝了此次退款。请在 Stripe 中查看该购买，如确应退款再重试。',
  stripe_unavailable: '暂时无法连接 Stripe。请稍后重试：不会重复退款或重复入账。',
  session_not_paid: 'Stripe 显示该付款尚未支付，因此无可入账的额度。',
  settle_instead: '这似乎是一笔 Stripe 已收款的付款。请改为结算该购买；如确属其他情况，可仍然发放。',
  key_name_taken: '该名称的密钥已存在。请换一个名称。',
  key_not_found: '未找到该密钥，可能已被撤销。',
  invalid_origin: '来源格式无效。请按 scheme://host[:port] 填写，不带路径，也不要用 *。',
  external_id_conflict: '该邮箱已属于该应用的另一位用户。',
  no_origins: '该密钥没有设置来源。请先添加你的页面所在的来源。',
  url_not_allowed: '返回地址不在该应用的来源之内。',
  invalid_token: '登录链接已失效。请返回应用后重试。',
  origin_not_allowed: '该页面所在的网站无权显示你的余额。',
  webhook_url_not_allowed: '该端点地址无法接收事件：请使用公共互联网上的 https 地址。',
  webhook_endpoint_not_found: '未找到该 Webhook 端点。',
  webhook_message_not_found: '该端点没有这条消息。',
  webhook_endpoint_disabled: '该端点已停用。请先启用，再重新发送。',
};

export default zh;
