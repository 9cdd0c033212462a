// The payment pages' own words (success and cancel), en and zh; the older success strings stay in lib/i18n.ts.
import { type Dictionaries, pageWords } from '../../lib/page-words';

const en = {
  title_waiting: 'Adding your credits…',
  checking: 'Checking this payment…',
  title_credited: '{credits} added',
  title_already: '{credits} already added',
  already_heading: 'Already added: {credits}',
  already_when: 'They were added to your balance on {date}.',
  already_no_when: 'They were added to your balance earlier.',
  balance_now: 'Balance now',
  see_history: 'See your history',
  ref_label: 'Payment reference:',
  ref_copy: 'Copy',
  ref_copy_name: 'Copy the full payment reference',
  ref_copied: 'Copied the full reference.',
  ref_copy_failed: 'Could not copy. The full reference is: {id}',
  support_lead: 'Need help?',
  support_link: 'Email {email}',
  support_subject: 'Payment {id} not credited',
  support_body: 'Hello, my payment {id} has not been added to my balance yet.',
  cancel_checking: 'Checking this checkout…',
  cancel_charged_title: 'You were charged — your credits are here',
  cancel_charged_body: 'This checkout was paid and {credits} were added to your balance. Nothing more to do.',
  cancel_processing_title: 'Your payment is still processing',
  cancel_processing_body:
    'This checkout was paid by bank transfer. We will add the credits as soon as it clears, so there is no need to pay again.',
  cancel_processing_link: 'Follow this payment',
  cancel_refunded_title: 'This payment was refunded',
  cancel_refunded_body: 'It was paid and then refunded, and its credits were taken back.',
  cancel_unknown_title: 'Checkout closed',
  cancel_unknown_body:
    'If you left before paying, you were not charged. If you did pay, the credits appear in your history within a minute.',
} as const;

type Key = keyof typeof en;

const zh: Record<Key, string> = {
  title_waiting: '正在添加积分…',
  checking: '正在查询这笔付款…',
  title_credited: '已添加 {credits}',
  title_already: '{credits} 已到账',
  already_heading: '已到账：{credits}',
  already_when: '这些积分已于 {date} 加入你的余额。',
  already_no_when: '这些积分之前已加入你的余额。',
  balance_now: '当前余额',
  see_history: '查看记录',
  ref_label: '支付编号：',
  ref_copy: '复制',
  ref_copy_name: '复制完整支付编号',
  ref_copied: '已复制完整编号。',
  ref_copy_failed: '无法复制。完整编号是：{id}',
  support_lead: '需要帮助？',
  support_link: '发邮件至 {email}',
  support_subject: '付款 {id} 未到账',
  support_body: '你好，我的付款 {id} 还没有加入余额。',
  cancel_checking: '正在查询这次结账…',
  cancel_charged_title: '已扣款，积分已到账',
  cancel_charged_body: '这次结账已付款，{credits} 已加入你的余额，无需其他操作。',
  cancel_processing_title: '你的付款仍在处理中',
  cancel_processing_body: '这次结账使用银行转账付款。款项到账后我们会立即添加积分，无需再次付款。',
  cancel_processing_link: '查看这笔付款',
  cancel_refunded_title: '这笔付款已退款',
  cancel_refunded_body: '这笔款项已付款后退款，相应积分已扣回。',
  cancel_unknown_title: '结账已关闭',
  cancel_unknown_body: '如果你在付款前离开，则没有扣款。如果你已付款，积分会在一分钟内出现在你的记录中。',
};

export const paymentDictionaries: Dictionaries<Key> = { en, zh };
export const pw = pageWords(paymentDictionaries);
