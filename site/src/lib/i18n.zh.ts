// The site's shared words, in Chinese.
import type en from './i18n.en';

// Typed as exactly en's keys: a missing or extra key is a compile error.
const zh: Record<keyof typeof en, string> = {
  app_name: 'Creditcast',
  nav_home: '积分',
  nav_signin: '登录',
  nav_signup: '注册',
  nav_admin: '管理',
  sign_out: '退出登录',
  nav_main: '主导航',
  nav_language: '语言',
  balance_label: '余额',
  balance_loading: '…',
  live_on: '实时：余额即时更新',
  credits_one: '{n} 积分',
  credits_other: '{n} 积分',
  loading: '加载中…',
  error_network: '无法连接服务器。请检查网络后重试。',
  error_generic: '出了点问题，请重试。',
  live_reconnecting: '正在重连…：余额可能滞后',
  live_reconnecting_short: '正在重连…',
  live_offline: '离线：余额可能不是最新',
  live_offline_short: '离线',
  page_load_failed_title: '页面无法加载',
  page_load_failed_body: '请检查网络后重试。你的积分不受影响。',
  page_load_retry: '重试',
  signed_out_other_tab: '你已在其他标签页或窗口中退出登录。',
  signed_out_remote: '你的会话已结束：在其他设备上退出、修改了密码，或已过期。',
  sign_in_again: '重新登录',
  skip_to_content: '跳到主要内容',

  nav_account: '账户',

  packs_title: '购买积分',
  pack_credits: '{credits} 积分',
  buy: '购买',
  buy_redirecting: '正在打开收银台…',

  success_title: '支付',
  success_waiting: '已收到付款，正在为你添加积分…',
  success_elapsed: '已等待 {s} 秒',
  success_slow: '比平时慢了一些。你的付款是安全的：我们会持续等待，积分一经确认立即到账。',
  success_session: '支付编号：{id}',
  success_credited: '+{credits} 积分',
  success_new_balance: '新余额',
  success_announce: '已添加 {credits}。新余额：{balance}。',
  success_processing_title: '银行转账处理中',
  success_failed_title: '付款失败',
  success_expired_title: '结账已过期',
  success_refunded_title: '已退款',
  success_not_found_title: '找不到这笔付款',
  success_signed_out_title: '你已退出登录',
  success_processing: '你的银行转账正在处理中。款项到账后我们会立即添加积分，你可以离开此页面。',
  success_failed: '付款未成功，没有添加积分，也没有扣款。',
  success_expired: '本次结账在付款前已过期，没有扣款。',
  success_refunded: '这笔付款已退款，相应积分已扣回。',
  success_not_found: '在你的账户中找不到这笔付款。请检查链接，或查看最近记录。',
  success_signed_out: '你已退出登录。登录后即可查看这笔付款；无论如何，你的积分都是安全的。',
  try_again: '重试',
  back_home: '返回我的积分',

  not_found_title: '页面不存在',
  not_found_body: '这个地址没有内容。',

  nav_studio: '工作室',
  nav_history: '记录',
  balance_buy_more: '{balance} — 购买更多积分',
  reserved: '已预留 {n}',
  buys_renders: '约可生成 {n} 个 {s} 秒视频',
  low_balance_link: '购买积分',
  expiring_notice: '{credits} 积分将于 {date} 过期。',
};

export default zh;
// The error sentences ride in this chunk (error-messages.ts loads them from here): every page needs both
// sets, so one request and one gzip stream per locale instead of two.
export { default as errorMessages } from './error-messages.zh';
