// The cancel page's own words, in Chinese.
import type en from './cancel-words.en';

// Typed as exactly en's keys: a missing or extra key is a compile error.
const zh: Record<keyof typeof en, string> = {
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
  see_history: '查看记录',
  cancel_title: '已取消支付，未扣款',
  cancel_body: '你的账户没有任何扣款。随时可以重新选择积分包。',
  back_to_packs: '返回积分包',
};

export default zh;
