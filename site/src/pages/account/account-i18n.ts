// The account page's words (en and zh), beside the page: only signed-in users on /account load them.
import { formatNumber, locale, type Vars } from '../../lib/i18n';

const en = {
  title: 'Your account',
  email_label: 'Signed in as',
  password_title: 'Change password',
  current_password: 'Current password',
  new_password: 'New password',
  new_password_hint: 'At least 8 characters. Your other devices will be signed out.',
  password_submit: 'Change password',
  password_done_none: 'Password changed.',
  password_done: 'Password changed. Other sessions signed out: {n}.',
  sessions_title: 'Active sessions',
  sessions_caption: 'Where you are signed in. Sign out any device you do not recognise.',
  session_this_device: 'This device',
  session_started: 'Signed in {when}',
  session_last_seen: 'Last active {when}',
  session_unknown_device: 'Unknown device',
  session_sign_out: 'Sign out',
  session_sign_out_label: 'Sign out {device}, signed in {when}',
  sessions_sign_out_others: 'Sign out everywhere else',
  sessions_others_done: 'Other sessions signed out: {n}.',
  sessions_others_none: 'No other sessions to sign out.',
  session_ended: 'Signed out of that session.',
  delete_title: 'Delete account',
  delete_body:
    'Deleting your account signs you out everywhere and erases your email address. Your purchase history is kept for our records. Unused credits are lost.',
  delete_password: 'Password to confirm',
  delete_submit: 'Delete my account',
  delete_confirm: 'Delete your account for good? This cannot be undone.',
  delete_confirm_button: 'Yes, delete my account',
  cancel: 'Cancel',
  goodbye_title: 'Your account is deleted',
  goodbye_body: 'You have been signed out everywhere and your email address is erased. Thank you for using Creditcast.',
  goodbye_signup: 'Create a new account',
  err_required: 'Required.',
  err_password_short: 'Use at least 8 characters.',
  err_password_long: 'Use at most 1,024 characters.',
  err_wrong_password: 'That is not your current password. Try again.',
  err_negative_balance:
    'Your balance is below zero, so the account cannot be deleted yet. Buy credits to bring it back to zero first.',
  err_subscription_active:
    'You have an active subscription. Cancel it (it runs to the end of the paid period), and delete the account once it has ended.',
  err_session_gone: 'That session had already ended. The list is up to date now.',
  err_rate_limited: 'Too many attempts. Wait a minute and try again.',
  err_network: 'Could not reach the server. Check your connection and try again.',
  err_generic: 'Something went wrong. Please try again.',
} as const;

export type AccountKey = keyof typeof en;

const zh: { [K in AccountKey]: string } = {
  title: '我的账户',
  email_label: '当前登录',
  password_title: '修改密码',
  current_password: '当前密码',
  new_password: '新密码',
  new_password_hint: '至少 8 个字符。你的其他设备将被退出登录。',
  password_submit: '修改密码',
  password_done_none: '密码已修改。',
  password_done: '密码已修改，已退出 {n} 个其他会话。',
  sessions_title: '活跃会话',
  sessions_caption: '你在这些地方登录。如有不认识的设备，请将其退出。',
  session_this_device: '当前设备',
  session_started: '登录于 {when}',
  session_last_seen: '最近活动 {when}',
  session_unknown_device: '未知设备',
  session_sign_out: '退出',
  session_sign_out_label: '退出 {device}（登录于 {when}）',
  sessions_sign_out_others: '退出所有其他设备',
  sessions_others_done: '已退出 {n} 个其他会话。',
  sessions_others_none: '没有其他会话需要退出。',
  session_ended: '已退出该会话。',
  delete_title: '删除账户',
  delete_body: '删除账户后，你将在所有设备上退出登录，邮箱地址会被清除。购买记录会保留以备核对，未使用的积分将作废。',
  delete_password: '输入密码以确认',
  delete_submit: '删除我的账户',
  delete_confirm: '确定永久删除你的账户吗？此操作无法撤销。',
  delete_confirm_button: '确定删除我的账户',
  cancel: '取消',
  goodbye_title: '你的账户已删除',
  goodbye_body: '你已在所有设备上退出登录，邮箱地址已清除。感谢使用 Creditcast。',
  goodbye_signup: '创建新账户',
  err_required: '必填。',
  err_password_short: '密码至少需要 8 个字符。',
  err_password_long: '密码最多 1024 个字符。',
  err_wrong_password: '当前密码不正确，请重试。',
  err_negative_balance: '你的余额低于零，暂时无法删除账户。请先购买积分使余额回到零。',
  err_subscription_active: '你有正在生效的订阅。请先取消订阅（将持续到已付费周期结束），订阅结束后再删除账户。',
  err_session_gone: '该会话已经结束，列表已更新。',
  err_rate_limited: '尝试次数过多，请等一分钟后再试。',
  err_network: '无法连接服务器，请检查网络后重试。',
  err_generic: '出错了，请重试。',
};

export const accountDictionaries = { en, zh } as const;

/** Reactive translate from the account dictionary, in the current locale. */
export function act(key: AccountKey, vars?: Vars): string {
  const text: string = accountDictionaries[locale()][key];
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = vars[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? formatNumber(locale(), value) : value;
  });
}
