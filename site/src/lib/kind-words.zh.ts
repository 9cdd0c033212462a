// The ledger kinds' names (lib/ledger-kinds.ts), in Chinese.
import type en from './kind-words.en';

// Typed as exactly en's keys: a missing or extra key is a compile error.
const zh: Record<keyof typeof en, string> = {
  kind_purchase: '购买',
  kind_spend: '消费',
  kind_refund: '退款',
  kind_dispute: '争议扣回',
  kind_dispute_reversal: '争议胜诉返还',
  kind_adjustment: '调整',
  kind_subscription: '订阅',
  kind_grant: '赠送',
  kind_hold: '预留',
  kind_capture: '预留已结算',
  kind_hold_expired: '预留已过期',
  kind_release: '预留释放',
  kind_expire: '过期',
  kind_unknown: '其他',
};

export default zh;
