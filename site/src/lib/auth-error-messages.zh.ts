// The same sentences in Chinese (keys must match auth-error-messages.en.ts).
import type en from './auth-error-messages.en';

const zh: Record<keyof typeof en, string> = {
  invalid_credentials: '邮箱或密码不正确。请检查后重试。',
  email_taken: '该邮箱已注册。请直接登录。',
};

export default zh;
