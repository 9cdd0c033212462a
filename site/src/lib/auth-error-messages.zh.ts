// The same sentences in Chinese (keys must match auth-error-messages.en.ts).
import type en from './auth-error-messages.en';

const zh: Record<keyof typeof en, string> = {
  invalid_credentials: '邮箱或密码不正确。请检查后重试。',
  email_taken: '该邮箱已注册。请直接登录。',
  invalid_reset_token: '此重置链接已失效：它已被使用过，或已超过 30 分钟。请重新申请。',
  invalid_email_token: '此确认链接已失效：它已被使用过，或已超过 24 小时。请在账户中重新更改邮箱。',
};

export default zh;
