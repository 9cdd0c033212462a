// The words of receipts and notices, in English and Chinese: one object per language, the same keys.
import type { Locale } from '../vocabulary/locales';

export const RECEIPT_WORDS = {
  en: {
    packSubject: (credits: string) => `Your receipt: ${credits} credits`,
    packLine: (pack: string) => `Thank you for buying the ${pack} pack. The credits are in your account.`,
    planSubject: (plan: string) => `Your receipt: ${plan} plan`,
    planLine: (plan: string) =>
      `Thank you: your ${plan} plan payment went through and this period's credits are in your account.`,
    topUpSubject: (credits: string) => `Your receipt: auto top-up of ${credits} credits`,
    topUpLine: 'Your balance ran low, so we topped it up as you asked. The credits are in your account.',
    amount: 'Amount',
    credits: 'Credits',
    date: 'Date',
    period: 'Period',
    receipt: 'View the receipt',
    invoice: 'View the invoice',
    history: 'See your history',
    account: 'Open your account',
    failedSubject: (plan: string) => `Your ${plan} plan payment failed`,
    failedLines: (plan: string) => [
      `We could not charge your card for the ${plan} plan. Stripe will try again over the next days.`,
      'To keep your monthly credits coming, update your card in the billing portal (Account → Manage plan).',
    ],
    pausedSubject: 'Auto top-up is paused',
    pausedLines: (why: string) => [
      `We paused your auto top-up: ${why}`,
      'Your account page shows where auto top-up stands; nothing more is charged while it is paused.',
    ],
    footer: 'You received this email because of activity on your Creditcast account.',
  },
  zh: {
    packSubject: (credits: string) => `您的收据：${credits} 积分`,
    packLine: (pack: string) => `感谢您购买${pack}。积分已到账。`,
    planSubject: (plan: string) => `您的收据：${plan} 套餐`,
    planLine: (plan: string) => `感谢您：${plan} 套餐的款项已支付成功，本期积分已到账。`,
    topUpSubject: (credits: string) => `您的收据：自动充值 ${credits} 积分`,
    topUpLine: '您的余额不足，我们已按您的设置自动充值。积分已到账。',
    amount: '金额',
    credits: '积分',
    date: '日期',
    period: '周期',
    receipt: '查看收据',
    invoice: '查看账单',
    history: '查看记录',
    account: '打开账户',
    failedSubject: (plan: string) => `您的 ${plan} 套餐扣款失败`,
    failedLines: (plan: string) => [
      `我们未能从您的银行卡扣取 ${plan} 套餐的费用。Stripe 会在接下来几天内重试。`,
      '为了继续按月获得积分，请在账单门户中更新您的银行卡（账户 → 管理套餐）。',
    ],
    pausedSubject: '自动充值已暂停',
    pausedLines: (why: string) => [
      `我们暂停了您的自动充值：${why}`,
      '您可以在账户页面查看自动充值的状态；暂停期间不会再扣款。',
    ],
    footer: '您收到此邮件，是因为您的 Creditcast 账户有新的动态。',
  },
} satisfies Record<Locale, unknown>;
