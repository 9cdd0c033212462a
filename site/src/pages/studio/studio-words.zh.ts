// The Studio page's words, in Chinese.
import type en from './studio-words.en';

// Typed as exactly en's keys: a missing or extra key is a compile error.
const zh: Record<keyof typeof en, string> = {
  studio_title: '工作室',
  studio_intro: '描述一个视频并生成。系统先预留积分，最终只按实际渲染用量扣费。',
  studio_how: '每个视频在渲染期间按最高费用预留积分，未用完的部分会立即退回。',
  studio_prompt: '提示词',
  studio_length: '时长',
  studio_resolution: '分辨率',
  studio_seconds: '{n} 秒',
  studio_price: '最多 {n} 积分；按实际渲染用量扣费。',
  studio_generate: '生成',
  studio_generating: '正在预留…',
  studio_reserved: '已预留 {n} 积分，渲染已排队。',
  studio_err_insufficient: '积分不足，无法生成这个视频。',
  studio_err_farm: '渲染服务暂不可用，未扣任何积分，请稍后再试。',
  studio_err_prompt: '请先描述视频内容。',
  studio_jobs_title: '你的视频',
  studio_jobs_empty: '还没有视频。',
  job_col_prompt: '提示词',
  job_col_video: '视频',
  job_col_status: '状态',
  job_col_cost: '积分',
  job_col_time: '开始时间',
  job_queued: '排队中',
  job_rendering: '渲染中 {n}%',
  job_done: '完成',
  job_failed: '失败',
  job_cost_reserved: '已预留 {n}',
  job_cost_done: '花费 {captured}，退回 {returned}',
  job_cost_failed: '{n} 全部退回',
  job_failed_why: '渲染失败，为它预留的 {n} 积分已全部退回，未扣任何积分。',
};

export default zh;
