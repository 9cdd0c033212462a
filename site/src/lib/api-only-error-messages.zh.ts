// The same sentences in Chinese (keys must match api-only-error-messages.en.ts).
import type en from './api-only-error-messages.en';

const zh: Record<keyof typeof en, string> = {
  webhook_not_configured: '本站尚未完成配置。请联系客服。',
  missing_signature: '请求缺少签名。',
  invalid_signature: '请求签名无效。',
  invalid_event: '无法识别该事件。',
  invalid_api_key: '需要有效的 API 密钥。',
  hold_not_found: '未找到该预留。',
  hold_owned_by_app: '该预留属于创建它的应用（正在进行的渲染）；任务结束时由应用结算。',
  hold_not_active: '该预留已结算或已释放。',
  hold_expired: '该预留已过期，积分已退回。',
  receipt_not_found: '此付款暂无收据。请稍后重试，或联系客服。',
};

export default zh;
