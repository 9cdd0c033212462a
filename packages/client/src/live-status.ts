// What the live indicator says, as a pure state machine: live / reconnecting… / offline, from socket
// opens and closes, heartbeat answers and misses, and the browser's online/offline events.

export type LiveStatus = 'live' | 'reconnecting' | 'offline';

export interface LiveState {
  status: LiveStatus;
  /** The browser's own view (navigator.onLine and its online/offline events). */
  browserOnline: boolean;
}

export type LiveEvent =
  /** A socket opened and delivered its snapshot: the balance shown is the server's, now. */
  | 'open'
  /** The socket closed or errored. */
  | 'close'
  /** A `ping` went unanswered: the socket looks open but nothing reaches us (a silent cut). */
  | 'heartbeat_missed'
  | 'browser_offline'
  | 'browser_online';

/** Sends a `ping` this often while the socket is open; the Durable Object's runtime answers `pong`. */
export const HEARTBEAT_EVERY_MS = 3_000;
/** No frame at all this long after a ping means the connection is dead: the indicator stops saying live. */
export const HEARTBEAT_TIMEOUT_MS = 2_000;

export function initialLiveState(browserOnline: boolean): LiveState {
  return { status: browserOnline ? 'reconnecting' : 'offline', browserOnline };
}

/** The state after `event`; returns `state` itself when nothing changes. */
export function nextLiveState(state: LiveState, event: LiveEvent): LiveState {
  const down: LiveStatus = state.browserOnline ? 'reconnecting' : 'offline';
  let next: LiveState;
  switch (event) {
    case 'open':
      // A socket can only open with a network: trust it over a stale offline flag.
      next = { status: 'live', browserOnline: true };
      break;
    case 'close':
    case 'heartbeat_missed':
      next = { ...state, status: down };
      break;
    case 'browser_offline':
      next = { status: 'offline', browserOnline: false };
      break;
    case 'browser_online':
      // Back online, but not live until a fresh socket has opened (and sent its snapshot).
      next = { status: state.status === 'live' ? 'live' : 'reconnecting', browserOnline: true };
      break;
  }
  return next.status === state.status && next.browserOnline === state.browserOnline ? state : next;
}
