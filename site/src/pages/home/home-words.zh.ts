// The home page's own words (the balance, packs, spend demo, recent ledger and lots), in Chinese.
import type en from './home-words.en';

// Typed as exactly en's keys: a missing or extra key is a compile error.
const zh: Record<keyof typeof en, string> = {
  home_title: '我的积分',
  home_balance_caption: '积分到账的一刻，所有标签页都会实时更新。',
  pack_chosen: '你选择的积分包',
  packs_empty: '目前没有在售的积分包。',
  spend_title: '试一试',
  spend_demo: '消费 10 积分',
  spend_confirm: '现在消费 10 积分吗？这是真实消费：将从你的余额中扣除。',
  spend_confirm_yes: '确认消费 10 积分',
  spend_confirm_no: '取消',
  spend_done: '已消费 10 积分。',
  err_insufficient: '积分不足，请先购买积分包。',
  ledger_title: '最近记录',
  ledger_empty: '暂无记录。购买和消费都会显示在这里。',
  ledger_date: '时间',
  ledger_kind: '类型',
  ledger_delta: '变动',
  ledger_balance_after: '变动后余额',
  ledger_see_all: '查看全部记录',
  buys_renders_balance: '约够生成 {n} 个 {s} 秒视频（{res}）。',
  low_balance: '你的余额不足一个标准视频（{cost} 积分）。',
  lots_title: '积分来源',
  lots_empty: '没有可用积分。',
  lot_source: '来源',
  lot_remaining: '剩余',
  lot_expires: '过期时间',
  lot_never: '永不过期',
  source_purchase: '购买',
  source_subscription: '订阅',
  source_grant: '赠送',
  topup_on: '自动充值已开启：低于 {n} 积分时，将用您的银行卡购买{pack}。',
  topup_off: '自动充值已关闭。',
  topup_paused: '自动充值已暂停。',
  topup_switch: '自动充值',
  topup_settings: '自动充值设置',
};

export default zh;
