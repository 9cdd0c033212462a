// What the error codes only the account page's calls (account-api.ts) can meet mean to a user, in English (the zh file must match).
const en = {
  wrong_password: 'The current password is not right. Check it and try again.',
  negative_balance: 'Your balance is below zero. Buy credits to settle it before closing the account.',
  subscription_active: 'You still have an active plan. Cancel it in the billing portal first, then close the account.',
  session_not_found: 'That session has already ended. Reload the list.',
};

export default en;
