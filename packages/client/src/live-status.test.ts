// The live indicator's state machine: it says live only while a socket is open and answering.
import { describe, expect, it } from 'vitest';
import {
  HEARTBEAT_EVERY_MS,
  HEARTBEAT_TIMEOUT_MS,
  initialLiveState,
  type LiveEvent,
  type LiveState,
  nextLiveState,
} from './live-status';

const run = (start: LiveState, ...events: LiveEvent[]) => events.reduce(nextLiveState, start);
const online = initialLiveState(true);

describe('live indicator state', () => {
  it('starts as reconnecting (online) or offline, never live before a socket opens', () => {
    expect(initialLiveState(true)).toEqual({ status: 'reconnecting', browserOnline: true });
    expect(initialLiveState(false)).toEqual({ status: 'offline', browserOnline: false });
  });

  it('is live once the socket opens', () => {
    expect(run(online, 'open').status).toBe('live');
  });

  it('a missed heartbeat stops it saying live, even though no close event came', () => {
    expect(run(online, 'open', 'heartbeat_missed').status).toBe('reconnecting');
  });

  it('a closed socket with the network up says reconnecting', () => {
    expect(run(online, 'open', 'close').status).toBe('reconnecting');
  });

  it('the browser going offline says offline at once, and a close meanwhile keeps it offline', () => {
    expect(run(online, 'open', 'browser_offline').status).toBe('offline');
    expect(run(online, 'open', 'browser_offline', 'close', 'heartbeat_missed').status).toBe('offline');
  });

  it('back online it says reconnecting until a fresh socket opens, then live', () => {
    const back = run(online, 'open', 'browser_offline', 'browser_online');
    expect(back.status).toBe('reconnecting');
    expect(run(back, 'open').status).toBe('live');
  });

  it('returns the same state object when an event changes nothing', () => {
    const live = run(online, 'open');
    expect(nextLiveState(live, 'open')).toBe(live);
    const down = run(live, 'close');
    expect(nextLiveState(down, 'heartbeat_missed')).toBe(down);
  });

  it('detects a silent cut within a few seconds', () => {
    expect(HEARTBEAT_EVERY_MS + HEARTBEAT_TIMEOUT_MS).toBeLessThanOrEqual(5_000);
  });
});
