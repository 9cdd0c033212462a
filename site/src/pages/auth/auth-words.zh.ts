// The sign-in and sign-up pages' own words, in Chinese.
import type en from './auth-words.en';

// Typed as exactly en's keys: a missing or extra key is a compile error.
const zh: Record<keyof typeof en, string> = {
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
};

export default zh;
