// The same sentences in Chinese (keys must match studio-error-messages.en.ts).
import type en from './studio-error-messages.en';

const zh: Record<keyof typeof en, string> = {
  job_not_found: '未找到该渲染任务。',
  render_farm_unavailable: '渲染服务暂不可用，未扣积分。请稍后再试。',
};

export default zh;
