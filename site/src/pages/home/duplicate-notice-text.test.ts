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

  it('says which plan was cancelled and refunded, in English', async () => {
    await switchLocale('en');
    const text = duplicateNoticeText(notice, 'Studio', NOW);
    expect(text).toContain('second Studio subscription');
    expect(text).toContain('Dec 3');
    expect(text).toContain('refunded its payment in full');
  });

  it('says the same in Chinese', async () => {
    await switchLocale('zh');
    const text = duplicateNoticeText(notice, '工作室', NOW);
    expect(text).toContain('全额退款');
    expect(text).toContain('工作室');
    expect(text).toContain('12月3日');
  });
});
