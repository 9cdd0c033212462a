// The success page's own words, in Chinese.
import type en from './payment-words.en';

// Typed as exactly en's keys: a missing or extra key is a compile error.
const zh: Record<keyof typeof en, string> = {
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
  // A plan's Checkout Session (subscription-success.ts): "Your 7,700 monthly credits are here".
  success_sub_waiting: '订阅成功，正在添加你的月度积分…',
  success_sub_credited: '你的 {credits} 月度积分已到账',
  success_sub_announce: '你的 {credits} 月度积分已到账。新余额：{balance}。',
};

export default zh;
