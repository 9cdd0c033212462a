// The same sentences in Chinese (keys must match purchase-error-messages.en.ts).
import type en from './purchase-error-messages.en';

const zh: Record<keyof typeof en, string> = {
  unknown_pack: '该积分包已下架。请刷新查看当前积分包。',
  app_origin_not_configured: '本站尚未完成配置。请联系客服。',
  unknown_plan: '该套餐未在销售。请刷新页面查看套餐。',
  already_subscribed: '您已订阅套餐。请在账单门户中更改或取消。',
};

export default zh;
