// The duplicate-subscription notice names the cancelled plan and the day, in the page's language.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadWords, switchLocale } from '../../lib/page-words';
import { duplicateNoticeText } from './duplicate-notice-text';

const notice = {
  code: 'duplicate_subscription_canceled' as const,
  subscriptionId: 'sub_2',
  planId: 'studio',
  canceledAt: '2026-12-03T10:00:00.000Z',
};

const NOW = Date.parse('2026-12-06T08:00:00Z');

describe('duplicateNoticeText', () => {
  beforeAll(() => loadWords('en', 'zh'));

  it.each([
    { lang: 'en', plan: 'Studio', says: ['second Studio subscription', 'Dec 3', 'refunded its payment in full'] },
    { lang: 'zh', plan: '工作室', says: ['全额退款', '工作室', '12月3日'] },
  ] as const)('says which plan was cancelled and refunded, and when ($lang)', async ({ lang, plan, says }) => {
    await switchLocale(lang);
    const text = duplicateNoticeText(notice, plan, NOW);
    for (const part of says) expect(text).toContain(part);
  });
});
