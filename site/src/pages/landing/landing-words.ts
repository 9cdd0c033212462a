// The landing page's words, en and zh.
import { type Dictionaries, pageWords } from '../../lib/page-words';

const en = {
  title: 'Credits for AI video',
  lead: 'Buy credits once, spend them in the Studio on videos, and watch your balance change live in every tab.',
  signup: 'Sign up free',
  signin: 'Sign in',
  buys_title: 'What credits buy',
  buys_rate: 'A video costs {rate} credits per second at {res}.',
  buys_typical: '{credits} ≈ {n} videos of {s} s at {res}',
  packs_title: 'Credit packs',
  pack_videos: '≈ {n} videos of {s} s',
  pack_bonus: 'Includes {bonus} bonus credits: {percent}% more than the {base} rate',
  pack_base: 'Base rate',
  packs_cta: 'Sign up to buy',
  never_expire: 'Purchased credits never expire.',
  plans_videos: '≈ {n} videos of {s} s every month',
  plans_cta: 'Sign up to subscribe',
} as const;

export type LandingWord = keyof typeof en;

const zh: Record<LandingWord, string> = {
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

export const landingDictionaries: Dictionaries<LandingWord> = { en, zh };
export const lw = pageWords(landingDictionaries);
