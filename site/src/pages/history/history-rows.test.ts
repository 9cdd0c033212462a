// Specifies what history rows say (pack and price, render, reason, refunds of a purchase), the filter and paging merge.
import { beforeAll, describe, expect, it } from 'vitest';
import type { HistoryRow } from '../../lib/api';
import kindEn from '../../lib/kind-words.en';
import kindZh from '../../lib/kind-words.zh';
import { FILTER_KINDS, KIND_LABELS } from '../../lib/ledger-kinds';
import { dictionaryProblems, loadWords } from '../../lib/page-words';
import homeEn from '../home/home-words.en';
import homeZh from '../home/home-words.zh';
import { appendPage, describeRow, kindLabelKey, parseKind } from './history-rows';
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

  it('holds and their settlement name the render job, or the hold’s reason without one', () => {
    const hold = { id: 'hold_1', reason: 'render job_1', status: 'active' };
    expect(describeRow('en', row({ kind: 'hold', hold, job })).what).toBe('Render “a fox in snow” (10 s, 720p)');
    expect(describeRow('zh', row({ kind: 'hold', hold, job })).what).toBe('渲染“a fox in snow”（10 秒，720p）');
    expect(describeRow('en', row({ kind: 'release', hold: { ...hold, status: 'captured' }, job })).what).toBe(
      'Render finished: unused credits returned · Render “a fox in snow” (10 s, 720p)',
    );
    expect(describeRow('en', row({ kind: 'hold', hold: { ...hold, reason: 'upscale' } })).what).toBe(
      'Reserved for: upscale',
    );
    expect(describeRow('en', row({ kind: 'release', hold: { ...hold, reason: 'upscale' } })).what).toBe(
      'Returned from: upscale',
    );
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
  it('a capture’s returned rest reads as a settled hold', () => {
    expect(kindLabelKey(row({ kind: 'release', hold: { id: 'h', reason: 'r', status: 'captured' } }))).toBe(
      'kind_capture',
    );
    expect(kindLabelKey(row({ kind: 'release', hold: { id: 'h', reason: 'r', status: 'released' } }))).toBe(
      'kind_release',
    );
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
