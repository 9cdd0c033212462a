// The words the site-pages tests expect (success reload, cancel, history, landing), written out as a user reads them.
import type { Lang } from './copy';

const group = (n: number) => new Intl.NumberFormat('en').format(n);

export const PAGES_COPY = {
  en: {
    alreadyHeading: (n: number) => `Already added: ${group(n)} credits`,
    checking: 'Checking this payment…',
    reference: (id: string) => `Payment reference: cs_test_…${id.slice(-4)} Copy`,
    copyReference: 'Copy the full payment reference',
    copied: 'Copied the full reference.',
    supportLink: 'Email support@creditcast.example',
    alreadyWhen: /^They were added to your balance on .+\.$/,
    titleAlready: (n: number) => `${group(n)} credits already added · Creditcast`,
    titleCredited: (n: number) => `${group(n)} credits added · Creditcast`,
    chargedTitle: 'You were charged — your credits are here',
    chargedBody: (n: number) =>
      `This checkout was paid and ${group(n)} credits were added to your balance. Nothing more to do.`,
    seeHistory: 'See your history',
    historyTitle: 'History',
    historyNav: 'History',
    seeAll: 'See all history',
    filter: 'Show',
    loadMore: 'Load more',
    exportCsv: 'Export CSV',
    shown: (n: number) => `${n} entries shown`,
    starterPack: 'Starter pack',
    paid: 'Paid $10.00',
    receipt: /^Receipt for the Starter pack, /,
    landingTitle: 'Credits for AI video',
    signUp: 'Sign up free',
    signIn: 'Sign in',
    creatorBonus: 'Includes 500 bonus credits: 10% more than the Starter rate',
    studioBonus: 'Includes 2,000 bonus credits: 20% more than the Starter rate',
    typical: '1,000 credits ≈ 25 videos of 10 s at 720p',
    plansTitle: 'Monthly plans',
    proCredits: '7,700 credits a month',
    proVideos: '≈ 192 videos of 10 s every month',
    studioRollover: 'Up to 10,000 unused credits carry over to the next month.',
  },
  zh: {
    landingTitle: '用于 AI 视频的积分',
    signUp: '免费注册',
    signIn: '登录',
    creatorBonus: '含 500 赠送积分：比入门包的价格多 10%',
    studioBonus: '含 2,000 赠送积分：比入门包的价格多 20%',
    typical: '1,000 积分 ≈ 25 个 10 秒 720p 视频',
    plansTitle: '月度套餐',
    proCredits: '每月 7,700 积分',
    proVideos: '每月 ≈ 192 个 10 秒视频',
    studioRollover: '最多 10,000 未用积分可结转到下个月。',
  },
} as const satisfies Record<Lang, unknown>;
