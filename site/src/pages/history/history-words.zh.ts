// The history page's words, in Chinese.
import type en from './history-words.en';

// Typed as exactly en's keys: a missing or extra key is a compile error.
const zh: Record<keyof typeof en, string> = {
  title: '记录',
  intro: '余额的每一次变动，最新的在前。',
  filter_label: '显示',
  filter_all: '全部',
  export_csv: '导出 CSV',
  export_hint: '完整记录，电子表格文件。',
  load_more: '加载更多',
  loading_more: '加载中…',
  empty: '还没有记录。',
  empty_filtered: '没有这一类的记录。',
  shown: '已显示 {n} 条',
  pack: '{pack}',
  paid: '支付 {amount}',
  receipt: '收据',
  receipt_name: '{pack}的收据，{date}（打开 Stripe）',
  refund_of: '{pack}退款',
  dispute_of: '{pack}争议',
  dispute_won: '争议胜诉：{pack}',
  render: '渲染“{prompt}”（{seconds} 秒，{resolution}）',
  reserved_for: '预留用于：{reason}',
  released_for: '退回自：{reason}',
  settled_render: '渲染完成：未用积分已退回',
  expired: '到期的积分',
  reason: '{reason}',
  support_note: '客服调整',
  col_date: '日期',
  col_change: '变动',
  col_balance: '变动后余额',
};

export default zh;
