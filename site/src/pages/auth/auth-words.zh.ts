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
  forgot_link: '忘记密码？',
  forgot_title: '重置密码',
  forgot_intro: '请输入您账户的邮箱，我们会发送一个设置新密码的链接。',
  forgot_submit: '发送链接',
  forgot_sent:
    '如果 {email} 对应一个账户，重置密码的链接已发出。链接仅可使用一次，30 分钟内有效。请查看收件箱和垃圾邮件。',
  reset_title: '设置新密码',
  new_password: '新密码',
  reset_submit: '保存新密码',
  reset_done: '密码已更改，所有已登录的设备均已退出登录。',
  reset_sign_in: '用新密码登录',
  reset_no_token: '此链接不完整：请重新打开邮件中的链接，或重新申请。',
  reset_ask_again: '重新申请链接',
  back_to_signin: '返回登录',
  confirm_email_title: '确认新邮箱',
  confirm_email_intro: '请确认此邮箱属于您：确认后，收据和登录都将使用它。',
  confirm_email_submit: '确认新邮箱',
  confirm_email_done: '邮箱已更改。今后请使用新邮箱登录。',
  confirm_email_home: '前往 Creditcast',
};

export default zh;
