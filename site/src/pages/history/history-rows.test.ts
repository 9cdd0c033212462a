// Specifies what history rows say (pack and price, plan payment, render, reason, refunds), plurals, the filter, the CSV link and paging merge.
import { beforeAll, describe, expect, it } from 'vitest';
import type { HistoryRow } from '../../lib/api';
import kindEn from '../../lib/kind-words.en';
import kindZh from '../../lib/kind-words.zh';
import { FILTER_KINDS, KIND_LABELS } from '../../lib/ledger-kinds';
import { dictionaryProblems, loadWords } from '../../lib/page-words';
import homeEn from '../home/home-words.en';
import homeZh from '../home/home-words.zh';
import {
  appendPage,
  describeRow,
  exportHref,
  HISTORY_FILTER_KINDS,
  kindLabelKey,
  parseKind,
  shownText,
} from './history-rows';
import en from './history-words.en';
import zh from './history-words.zh';

// The words are loaded per locale on demand (lib/page-words.ts); these tests read both.
beforeAll(() => loadWords('en', 'zh'));

const base: HistoryRow = {
  id: 1,
  kind: 'spend',
  delta: -10,
  balanceAfter: 990,
  createdAt: '2026-12-01T10:00:00.000Z',
  reference: 'thumbnail pack',
  purchase: null,
  invoice: null,
  hold: null,
  job: null,
};
const row = (over: Partial<HistoryRow>): HistoryRow => ({ ...base, ...over });
const starter = {
  sessionId: 'cs_test_1',
  packId: 'starter',
  packName: 'Starter',
  packNames: { en: 'Starter', zh: '入门包' },
  amount: 1000,
  currency: 'usd',
};
const job = { id: 'job_1', prompt: 'a fox in snow', seconds: 10, resolution: '720p' };

describe('describeRow', () => {
  it('a purchase names the pack, what was paid and the session for its receipt', () => {
    expect(describeRow('en', row({ kind: 'purchase', delta: 1000, purchase: starter }))).toEqual({
      what: 'Starter pack',
      paid: 'Paid $10.00',
      receiptFor: 'cs_test_1',
    });
    expect(describeRow('zh', row({ kind: 'purchase', delta: 1000, purchase: starter }))).toEqual({
      what: '入门包',
      paid: '支付 US$10.00',
      receiptFor: 'cs_test_1',
    });
  });

  it('refunds and disputes name the purchase they came from, without a receipt', () => {
    expect(describeRow('en', row({ kind: 'refund', purchase: starter }))).toEqual({
      what: 'Refund of the Starter pack',
    });
    expect(describeRow('en', row({ kind: 'dispute', purchase: starter }))).toEqual({
      what: 'Dispute on the Starter pack',
    });
    expect(describeRow('en', row({ kind: 'dispute_reversal', purchase: starter }))).toEqual({
      what: 'Dispute won: the Starter pack',
    });
  });

  it('a hold is one row: a render says what it was and what it cost, a hold without a job its reason', () => {
    const hold = { id: 'hold_1', reason: 'render job_1', status: 'captured' as const, amount: 80, captured: 71 };
    expect(describeRow('en', row({ kind: 'hold', delta: -71, hold, job }))).toEqual({
      what: 'Video · 10 s 720p · 71 credits',
      detail: '“a fox in snow”',
    });
    expect(describeRow('zh', row({ kind: 'hold', delta: -71, hold, job })).what).toBe('视频 · 10 秒 720p · 71 积分');
    expect(describeRow('en', row({ kind: 'hold', hold: { ...hold, captured: 1 }, job })).what).toBe(
      'Video · 10 s 720p · 1 credit',
    );
    expect(describeRow('en', row({ kind: 'hold', hold: { ...hold, status: 'active', captured: 0 }, job })).what).toBe(
      'Video · 10 s 720p · 80 credits reserved',
    );
    expect(
      describeRow('en', row({ kind: 'hold', delta: 0, hold: { ...hold, status: 'released', captured: 0 }, job })),
    ).toEqual({
      what: 'Video · 10 s 720p · 0 credits',
      detail: '“a fox in snow” · The render failed: nothing was charged.',
    });
    expect(
      describeRow('en', row({ kind: 'hold', hold: { ...hold, reason: 'upscale', status: 'expired', captured: 0 } })),
    ).toEqual({
      what: 'upscale · 0 credits',
      detail: 'Expired unused: nothing was charged.',
    });
  });

  it('a plan payment names the plan and the amount with its invoice; a carried-over allowance says so', () => {
    const invoice = {
      id: 'in_1',
      planId: 'studio',
      planName: 'Max',
      amount: 6900,
      currency: 'usd',
      hostedInvoiceUrl: '/api/history/invoices/in_1',
    };
    expect(describeRow('en', row({ kind: 'subscription', delta: 20000, invoice }))).toEqual({
      what: 'Max plan · $69.00',
      invoiceHref: '/api/history/invoices/in_1',
    });
    expect(describeRow('zh', row({ kind: 'subscription', delta: 20000, invoice })).what).toBe('旗舰版套餐 · US$69.00');
    expect(describeRow('en', row({ kind: 'refund', invoice })).what).toBe('Refund of a Max plan payment');
    expect(describeRow('en', row({ kind: 'subscription', delta: 5000, reference: 'in_1' }))).toEqual({
      what: 'Unused plan credits carried over',
    });
  });

  it('spends, grants and adjustments say their reason; expiry says what it was', () => {
    expect(describeRow('en', row({ kind: 'spend' }))).toEqual({ what: 'thumbnail pack' });
    expect(describeRow('en', row({ kind: 'grant', reference: 'welcome bonus' }))).toEqual({ what: 'welcome bonus' });
    expect(describeRow('en', row({ kind: 'adjustment', reference: 'goodwill (by ops@x)' }))).toEqual({
      what: 'goodwill (by ops@x)',
    });
    // Support's neutral default reads in the page's language.
    expect(describeRow('zh', row({ kind: 'grant', reference: 'Adjustment by support' }))).toEqual({ what: '客服调整' });
    expect(describeRow('en', row({ kind: 'adjustment', reference: 'Adjustment by support' }))).toEqual({
      what: 'Adjustment by support',
    });
    expect(describeRow('en', row({ kind: 'expire', reference: 'lot:4' }))).toEqual({
      what: 'Credits that reached their expiry date',
    });
  });
});

describe('kind labels and the filter', () => {
  it('a hold row is labelled by how it ended: one word for each', () => {
    const hold = { id: 'h', reason: 'r', amount: 5, captured: 0 };
    const label = (status: 'active' | 'captured' | 'released' | 'expired') =>
      kindLabelKey(row({ kind: 'hold', hold: { ...hold, status } }));
    expect([label('active'), label('captured'), label('released'), label('expired')]).toEqual([
      'kind_hold',
      'kind_capture',
      'kind_release',
      'kind_hold_expired',
    ]);
    expect(
      new Set(['kind_hold', 'kind_capture', 'kind_release', 'kind_hold_expired'].map((k) => kindEn[k as 'kind_hold']))
        .size,
    ).toBe(4);
    expect(kindEn.kind_capture).toBe('Hold settled');
    expect(kindEn.kind_release).toBe('Hold released');
  });

  it('plurals follow the locale: 1 entry, 2 entries; the CSV link carries the filter', () => {
    expect(shownText('en', 1)).toBe('1 entry shown');
    expect(shownText('en', 2)).toBe('2 entries shown');
    expect(shownText('en', 1200)).toBe('1,200 entries shown');
    expect(shownText('zh', 1)).toBe('已显示 1 条');
    expect(exportHref('/api/history/export.csv', 'spend')).toBe('/api/history/export.csv?kind=spend');
    expect(exportHref('/api/history/export.csv', undefined)).toBe('/api/history/export.csv');
    expect(HISTORY_FILTER_KINDS).not.toContain('release');
  });

  it('offers every ledger kind once, and reads only known kinds from the URL', () => {
    expect([...FILTER_KINDS].sort()).toEqual(Object.keys(KIND_LABELS).sort());
    expect(parseKind('spend')).toBe('spend');
    expect(parseKind('gift')).toBeUndefined();
    expect(parseKind(undefined)).toBeUndefined();
  });
});

describe('appendPage', () => {
  it('appends the next page and drops rows already shown', () => {
    const first = [row({ id: 5 }), row({ id: 4 })];
    expect(appendPage(first, [row({ id: 4 }), row({ id: 3 })]).map((r) => r.id)).toEqual([5, 4, 3]);
  });
});

describe('the history dictionaries', () => {
  it('have the same keys and placeholders in en and zh, none empty', () => {
    expect(dictionaryProblems({ en, zh })).toEqual([]);
  });

  it('and so do the kinds’ names and the home page’s words, which name every kind the filter offers', () => {
    expect(dictionaryProblems({ en: kindEn, zh: kindZh })).toEqual([]);
    expect(dictionaryProblems({ en: homeEn, zh: homeZh })).toEqual([]);
    for (const kind of FILTER_KINDS) expect(kindEn[KIND_LABELS[kind]]).toMatch(/\S/);
  });
});
