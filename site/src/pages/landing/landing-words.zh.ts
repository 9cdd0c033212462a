// The landing page's words, in Chinese.
import type en from './landing-words.en';

// Typed as exactly en's keys: a missing or extra key is a compile error.
const zh: Record<keyof typeof en, string> = {
  title: '用于 AI 视频的积分',
  lead: '一次购买积分，在工作室中用来生成视频，并在每个标签页中实时看到余额变化。',
  signup: '免费注册',
  signin: '登录',
  buys_title: '积分能买什么',
  buys_rate: '{res} 视频每秒 {rate} 积分。',
  buys_typical: '{credits} ≈ {n} 个 {s} 秒 {res} 视频',
  packs_title: '积分包',
  pack_videos: '≈ {n} 个 {s} 秒视频',
  pack_bonus: '含 {bonus} 赠送积分：比{base}的价格多 {percent}%',
  pack_base: '基础价格',
  packs_cta: '注册后购买',
  never_expire: '购买的积分永不过期。',
  plans_videos: '每月 ≈ {n} 个 {s} 秒视频',
  plans_cta: '注册后订阅',
};

export default zh;
