// The plans and subscription words, in Chinese.
import type en from './subscription-i18n.en';

// Typed as exactly en's keys: a missing or extra key is a compile error.
const zh: Record<keyof typeof en, string> = {
  plans_title: '月度套餐',
  plans_intro: '套餐每月发放积分，与你购买的积分包叠加。购买的积分永不过期。',
  plans_empty: '目前没有在售的套餐。',
  plan_credits: '每月 {credits} 积分',
  plan_price: '每月 {price}',
  plan_resets: '未用完的月度积分在每次续订时清零。',
  plan_rollover: '最多 {rollover} 未用积分可结转到下个月。',
  plan_subscribe: '订阅',
  plan_subscribing: '正在打开收银台…',
  plan_current: '当前套餐',
  plan_name_pro: '专业版',
  plan_name_studio: '旗舰版',
  sub_heading: '你的套餐：{plan}',
  sub_status_active: '生效中',
  sub_status_ending: '已取消',
  sub_status_past_due: '扣款失败',
  sub_status_pending: '等待付款',
  sub_status_paused: '已暂停',
  sub_renews: '将于 {date} 续订。',
  sub_ends: '将于 {date} 结束，之后不再扣款。',
  sub_past_due: '续订扣款失败。请更新银行卡以继续获得月度积分。',
  sub_pending: '正在等待首次付款。',
  sub_switch: '{date}起改为{plan}（每月 {credits}）；在此之前仍为{from}的 {fromCredits}。',
  sub_manage: '管理订阅',
  sub_duplicate_canceled:
    '{date}，您（在另一台设备或标签页中）开通了第二个{plan}订阅。我们已立即取消它并全额退款：您只需为一个套餐付费。',
  sub_manage_hint: '在账单门户中更换套餐、取消或恢复订阅、更新银行卡并查看发票。',
  sub_opening_portal: '正在打开账单门户…',
  sub_err_already: '你已有订阅，请在账单门户中管理。',
  sub_err_no_customer: '你还没有账单账户，请先订阅一个套餐。',
  allowance_resets: '{credits} 月度积分，{date} 清零',
  allowance_rolls: '{credits} 月度积分，{date} 续发（最多结转 {rollover}）',
  allowance_expires: '{credits} 月度积分，{date} 过期',
  bought_credits: '{credits} 购买积分，永不过期',
  granted_credits: '{credits} 赠送积分',
  credits_split_label: '积分构成',
  past_due_banner: '订阅扣款失败，下个月的积分暂停发放。',
  past_due_link: '前往账单门户更新付款方式',
};

export default zh;
