// What the error codes only the account page's calls (account-api.ts) can meet mean to a user, in Chinese.
import type en from './account-error-messages.en';

// Typed as exactly en's keys: a missing or extra code is a compile error.
const zh: Record<keyof typeof en, string> = {
  wrong_password: '当前密码不正确。请检查后重试。',
  negative_balance: '您的余额为负。请先购买积分补足，再注销账户。',
  subscription_active: '您仍有生效中的套餐。请先在账单门户中取消，再注销账户。',
  session_not_found: '该会话已结束。请刷新列表。',
};

export default zh;
