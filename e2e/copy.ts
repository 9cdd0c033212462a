// The words the tests expect to see, written out as a user reads them (copied from the site's
// dictionaries in site/src/lib/i18n.ts, on purpose not imported: a wrong string there must fail here).
export type Lang = 'en' | 'zh';

const group = (n: number) => new Intl.NumberFormat('en').format(n);

export const COPY = {
  en: {
    balanceLabel: 'Balance',
    liveOnPrefix: 'Live',
    liveOffPrefix: 'Offline',
    email: 'Email',
    password: 'Password',
    signupTitle: 'Create your account',
    signupSubmit: 'Create account',
    homeTitle: 'Your credits',
    buy: 'Buy',
    credits: (n: number) => `${group(n)} ${n === 1 ? 'credit' : 'credits'}`,
    successWaiting: 'Payment received — adding your credits…',
    successCredited: (n: number) => `+${group(n)} credits`,
    newBalance: (n: number) => `New balance ${group(n)} credits`,
    announce: (added: number, balance: number) =>
      `${group(added)} credits added. New balance: ${group(balance)} credits.`,
    processingTitle: 'Bank transfer processing',
    processingBody:
      "Your bank transfer is processing. We'll add your credits as soon as it clears — you can leave this page.",
    // Shortened for people (prefix … last four), with a button that copies the whole id.
    paymentReference: (id: string) => `Payment reference: cs_test_…${id.slice(-4)} Copy`,
    backHome: 'Back to your credits',
    cancelTitle: 'Payment cancelled — you were not charged',
    purchase: 'Purchase',
    pageTitleSuccess: 'Adding your credits… · Creditcast',
  },
  zh: {
    balanceLabel: '余额',
    liveOnPrefix: '实时',
    liveOffPrefix: '离线',
    email: '邮箱',
    password: '密码',
    signupTitle: '创建账户',
    signupSubmit: '创建账户',
    homeTitle: '我的积分',
    buy: '购买',
    credits: (n: number) => `${group(n)} 积分`,
    successWaiting: '已收到付款，正在为你添加积分…',
    successCredited: (n: number) => `+${group(n)} 积分`,
    newBalance: (n: number) => `新余额 ${group(n)} 积分`,
    announce: (added: number, balance: number) => `已添加 ${group(added)} 积分。新余额：${group(balance)} 积分。`,
    processingTitle: '银行转账处理中',
    processingBody: '你的银行转账正在处理中。款项到账后我们会立即添加积分，你可以离开此页面。',
    paymentReference: (id: string) => `支付编号： cs_test_…${id.slice(-4)} 复制`,
    backHome: '返回我的积分',
    cancelTitle: '已取消支付，未扣款',
    purchase: '购买',
    pageTitleSuccess: '正在添加积分… · Creditcast',
  },
} as const;
