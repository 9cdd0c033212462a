// The history page's words, en and zh (kind names come from lib/i18n.ts's kind_* keys).
import { type Dictionaries, pageWords } from '../../lib/page-words';

const en = {
  title: 'History',
  intro: 'Every change to your balance, newest first.',
  filter_label: 'Show',
  filter_all: 'Everything',
  export_csv: 'Export CSV',
  export_hint: 'The whole history, as a spreadsheet file.',
  load_more: 'Load more',
  loading_more: 'Loading…',
  empty: 'Nothing here yet.',
  empty_filtered: 'No entries of this kind.',
  shown: '{n} entries shown',
  pack: '{pack} pack',
  paid: 'Paid {amount}',
  receipt: 'Receipt',
  receipt_name: 'Receipt for the {pack} pack, {date} (opens Stripe)',
  refund_of: 'Refund of the {pack} pack',
  dispute_of: 'Dispute on the {pack} pack',
  dispute_won: 'Dispute won: the {pack} pack',
  render: 'Render “{prompt}” ({seconds} s, {resolution})',
  reserved_for: 'Reserved for: {reason}',
  released_for: 'Returned from: {reason}',
  settled_render: 'Render finished: unused credits returned',
  expired: 'Credits that reached their expiry date',
  reason: '{reason}',
  col_date: 'Date',
  col_change: 'Change',
  col_balance: 'Balance after',
} as const;

export type HistoryWord = keyof typeof en;

const zh: Record<HistoryWord, string> = {
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
  col_date: '日期',
  col_change: '变动',
  col_balance: '变动后余额',
};

export const historyDictionaries: Dictionaries<HistoryWord> = { en, zh };
export const hw = pageWords(historyDictionaries);
