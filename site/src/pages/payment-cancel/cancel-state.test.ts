// Specifies the cancel page's truth table: what it says for each checkout status, and when it cannot know.
import { describe, expect, it } from 'vitest';
import { dictionaryProblems } from '../../lib/page-words';
import en from '../payment-success/payment-words.en';
import zh from '../payment-success/payment-words.zh';
import { cancelView, usableSessionId } from './cancel-state';
import cancelEn from './cancel-words.en';
import cancelZh from './cancel-words.zh';

const answer = (status: 'open' | 'processing' | 'credited' | 'failed' | 'expired' | 'refunded') => ({
  sessionId: 'cs_test_1',
  status,
  credits: 1000,
});

describe('cancelView', () => {
  it('says "not charged" only when nothing was taken', () => {
    expect(cancelView(answer('open'))).toEqual({ view: 'not_charged' });
    expect(cancelView(answer('expired'))).toEqual({ view: 'not_charged' });
    expect(cancelView(answer('failed'))).toEqual({ view: 'not_charged' });
  });

  it('says charged, with the credits, once the session is credited', () => {
    expect(cancelView(answer('credited'))).toEqual({ view: 'charged', credits: 1000 });
  });

  it('says processing (with the session to follow) and refunded', () => {
    expect(cancelView(answer('processing'))).toEqual({ view: 'processing', sessionId: 'cs_test_1' });
    expect(cancelView(answer('refunded'))).toEqual({ view: 'refunded' });
  });

  it('admits it does not know when the status cannot be read', () => {
    expect(cancelView('error')).toEqual({ view: 'unknown' });
  });
});

describe('usableSessionId', () => {
  it('takes a substituted id, not the raw template or junk', () => {
    expect(usableSessionId('cs_test_abc123')).toBe('cs_test_abc123');
    expect(usableSessionId('{CHECKOUT_SESSION_ID}')).toBeUndefined();
    expect(usableSessionId('')).toBeUndefined();
    expect(usableSessionId(undefined)).toBeUndefined();
    expect(usableSessionId(['cs_test_1'])).toBeUndefined();
  });
});

describe('the payment pages’ dictionaries', () => {
  it('have the same keys and placeholders in en and zh, none empty', () => {
    expect(dictionaryProblems({ en, zh })).toEqual([]);
    expect(dictionaryProblems({ en: cancelEn, zh: cancelZh })).toEqual([]);
  });
});
