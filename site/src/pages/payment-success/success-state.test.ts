// Specifies the success page's state machine: every status, the live push, out-of-order answers, the 60 s mark.
import { describe, expect, it } from 'vitest';
import {
  FRESH_CREDIT_MS,
  initialSuccessState,
  isPending,
  SLOW_AFTER_MS,
  type SuccessEvent,
  type SuccessState,
  successReducer,
} from './success-state';

const T0 = 1_000_000;
const start = () => initialSuccessState('cs_test_1', T0);
const run = (state: SuccessState, ...events: SuccessEvent[]) => events.reduce(successReducer, state);
const status = (
  s: Extract<SuccessEvent, { type: 'status' }>['status'],
  credits = 1000,
  balance = 2000,
  creditedAt: string | null = null,
): SuccessEvent => ({
  type: 'status',
  status: s,
  credits,
  balance,
  creditedAt,
});
const iso = (ms: number) => new Date(ms).toISOString();
const purchase = (reference: string, delta = 1000, credits = 2000): SuccessEvent => ({
  type: 'live',
  kind: 'purchase',
  reference,
  delta,
  credits,
});
/** The credited state for this test's session, as the reducer should end in it. */
const creditedState = (
  credits: number,
  balance: number,
  already: boolean,
  creditedAt: string | null,
): SuccessState => ({
  phase: 'credited',
  sessionId: 'cs_test_1',
  credits,
  balance,
  already,
  creditedAt,
});

describe('success page state', () => {
  it('starts waiting, with no balance to show', () => {
    const state = start();
    expect(state).toEqual({
      phase: 'waiting',
      sessionId: 'cs_test_1',
      startedAt: T0,
      elapsedMs: 0,
      slow: false,
      shownBefore: false,
    });
    expect('balance' in state).toBe(false);
    expect(isPending(state)).toBe(true);
  });

  it('without a session id in the URL, it is not found', () => {
    expect(initialSuccessState(undefined, T0)).toEqual({ phase: 'not_found', sessionId: '' });
    expect(initialSuccessState('', T0).phase).toBe('not_found');
  });

  it('stays waiting while the server says open', () => {
    expect(run(start(), status('open')).phase).toBe('waiting');
  });

  it('is credited when the server says credited, with the pack credits and the new balance', () => {
    expect(run(start(), status('credited', 1000, 8700, iso(T0 - 2_000)))).toEqual(
      creditedState(1000, 8700, false, iso(T0 - 2_000)),
    );
  });

  it('is credited by the live purchase push for this session, before any status answer', () => {
    expect(run(start(), purchase('cs_test_1', 1000, 8700))).toEqual(creditedState(1000, 8700, false, null));
  });

  it('ignores live changes that are not this session’s purchase', () => {
    const state = start();
    expect(run(state, purchase('cs_other'))).toBe(state);
    expect(run(state, { type: 'live', kind: 'spend', reference: 'cs_test_1', delta: -10, credits: 90 })).toBe(state);
  });

  it('does not fall back to waiting when a stale "open" answer lands after the credit', () => {
    const credited = run(start(), purchase('cs_test_1'));
    expect(run(credited, status('open'))).toBe(credited);
    expect(run(credited, status('processing'))).toBe(credited);
    expect(run(credited, { type: 'status_error', httpStatus: 503 })).toBe(credited);
  });

  it('keeps the first credited numbers (no second count-up) when the status confirms the push', () => {
    const credited = run(start(), purchase('cs_test_1', 1000, 2000));
    expect(run(credited, status('credited', 1000, 1990))).toBe(credited);
  });

  it('a reload after the credit shows it as already added, with when, not as new', () => {
    const reloaded = initialSuccessState('cs_test_1', T0, true);
    expect(run(reloaded, status('credited', 1000, 1000, iso(T0 - 5_000)))).toEqual(
      creditedState(1000, 1000, true, iso(T0 - 5_000)),
    );
  });

  it('a credit from well before the visit is already added, even in a browser that never showed it', () => {
    expect(run(start(), status('credited', 1000, 1000, iso(T0 - FRESH_CREDIT_MS - 1)))).toMatchObject({
      already: true,
    });
    expect(run(start(), status('credited', 1000, 1000, iso(T0 - FRESH_CREDIT_MS + 1)))).toMatchObject({
      already: false,
    });
    expect(run(start(), status('credited', 1000, 1000, null))).toMatchObject({ already: false });
  });

  it('a reloaded bank-transfer page still knows it showed the credit', () => {
    const reloaded = initialSuccessState('cs_test_1', T0, true);
    expect(run(reloaded, status('processing'), status('credited'))).toMatchObject({ already: true });
  });

  it('bank transfer: processing, then credited when it clears', () => {
    const processing = run(start(), status('processing'));
    expect(processing.phase).toBe('processing');
    expect(run(processing, status('open')).phase).toBe('processing');
    expect(run(processing, purchase('cs_test_1')).phase).toBe('credited');
  });

  it('bank transfer that fails', () => {
    expect(run(start(), status('processing'), status('failed'))).toEqual({ phase: 'failed', sessionId: 'cs_test_1' });
  });

  it('expired checkout', () => {
    expect(run(start(), status('expired')).phase).toBe('expired');
  });

  it('refund after credit shows refunded', () => {
    expect(run(start(), status('credited'), status('refunded')).phase).toBe('refunded');
    expect(run(start(), status('refunded')).phase).toBe('refunded');
  });

  it('a committed credit outranks an earlier failed/expired answer', () => {
    expect(run(start(), status('expired'), purchase('cs_test_1')).phase).toBe('credited');
    expect(run(start(), status('failed'), status('credited')).phase).toBe('credited');
  });

  it('failed or expired is not undone by a later open/processing answer', () => {
    const failed = run(start(), status('failed'));
    expect(run(failed, status('open'), status('processing'))).toBe(failed);
  });

  it('404 is an unknown session; 401 is signed out', () => {
    expect(run(start(), { type: 'status_error', httpStatus: 404 })).toEqual({
      phase: 'not_found',
      sessionId: 'cs_test_1',
    });
    expect(run(start(), { type: 'status_error', httpStatus: 401 })).toEqual({
      phase: 'signed_out',
      sessionId: 'cs_test_1',
    });
  });

  it('keeps waiting through network errors and 5xx', () => {
    const state = start();
    expect(run(state, { type: 'status_error', httpStatus: 0 })).toBe(state);
    expect(run(state, { type: 'status_error', httpStatus: 500 })).toBe(state);
  });

  it('counts elapsed time and says it is slow after 60 s, still waiting', () => {
    const at59 = run(start(), { type: 'tick', now: T0 + 59_999 });
    expect(at59).toMatchObject({ phase: 'waiting', elapsedMs: 59_999, slow: false });
    const at60 = run(at59, { type: 'tick', now: T0 + SLOW_AFTER_MS });
    expect(at60).toMatchObject({ phase: 'waiting', elapsedMs: 60_000, slow: true });
    expect(run(at60, purchase('cs_test_1')).phase).toBe('credited');
  });

  it('ticks do nothing once settled', () => {
    const credited = run(start(), status('credited'));
    expect(run(credited, { type: 'tick', now: T0 + 120_000 })).toBe(credited);
  });

  it('a live purchase while the page is not found or signed out is ignored only if the reference differs', () => {
    const missing = initialSuccessState(undefined, T0);
    expect(run(missing, purchase(''))).toBe(missing);
  });
});
