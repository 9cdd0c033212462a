// A live balance: one reconnecting WebSocket (the signed-in user's /api/balance/live, or an operator's
// /api/admin/users/{id}/live), exposed as Solid signals, with an HTTP poll while it is down.
//
// Which number is shown (the rules below, tested in live-balance.test.ts):
// - A socket message carries a `version` that rises with every ledger change. A change message is
//   shown only if its version is newer than the one shown, so a late or duplicated frame can't
//   roll the balance back.
// - The first message after every (re)connect is a snapshot: the server's state read after we
//   connected, so nothing we saw earlier can be newer. It is always accepted, which also replaces
//   any polled number and recovers if the server's counter ever restarted (a reset dev database).
// - A balance from /api/auth/me (or a spend response) has no version. It is shown only while the
//   socket is down, and it keeps the version of the number it replaces: any newer socket message
//   still wins, and once the socket is back the snapshot takes over.
import ReconnectingWebSocket from 'partysocket/ws';
import { createSignal } from 'solid-js';
import {
  type BalanceChange,
  type BalanceMessage,
  CLOSE_SESSION_ENDED,
  type Expiring,
  type Job,
  parseJobMessage,
  parseServerMessage,
  SESSION_ENDED_REASON,
} from '../../../worker/live/protocol';
import { ApiError, api } from './api';
import { type ConnectionWatch, watchConnection } from './live-heartbeat';
import { initialLiveState, type LiveEvent, type LiveStatus, nextLiveState } from './live-status';

export interface Balance {
  credits: number;
  version: number;
  /** Credits reserved by active holds (not spendable until captured or released). */
  held: number;
  /** The soonest lot expiring within 7 days, or null. */
  expiring: Expiring | null;
}

/** What an unversioned read (/api/auth/me) says about the balance. */
export interface PolledBalance {
  credits: number;
  held?: number;
  expiring?: Expiring | null;
}

function sameExpiring(a: Expiring | null, b: Expiring | null): boolean {
  return a === b || (a !== null && b !== null && a.credits === b.credits && a.at === b.at);
}

function sameBalance(a: Balance, b: Omit<Balance, 'version'>): boolean {
  return a.credits === b.credits && a.held === b.held && sameExpiring(a.expiring, b.expiring);
}

/** A change pushed by the server, with the balance it produced. */
export interface LiveChange extends BalanceChange {
  credits: number;
  version: number;
}

/** Returns the balance to show after `msg`; returns `current` itself when the message is ignored. */
export function applyBalanceMessage(current: Balance | null, msg: BalanceMessage, isSnapshot = false): Balance | null {
  if (!isSnapshot && current && msg.version <= current.version) return current;
  const next = { credits: msg.credits, held: msg.held ?? 0, expiring: msg.expiring ?? null };
  if (current && current.version === msg.version && sameBalance(current, next)) return current;
  return { ...next, version: msg.version };
}

/** Returns the balance to show after an unversioned read; returns `current` itself when it is ignored. */
export function applyPolledBalance(
  current: Balance | null,
  polled: PolledBalance,
  socketConnected: boolean,
): Balance | null {
  if (socketConnected) return current;
  const next = {
    credits: polled.credits,
    held: polled.held ?? current?.held ?? 0,
    expiring: polled.expiring === undefined ? (current?.expiring ?? null) : polled.expiring,
  };
  if (current && sameBalance(current, next)) return current;
  return { ...next, version: current?.version ?? 0 };
}

const POLL_BASE_MS = 1_000;
const POLL_MAX_MS = 15_000;

/** Delay before the n-th /me poll (0-based) while the socket is down: 1 s, 2 s, 4 s … capped at 15 s. */
export function pollDelay(attempt: number): number {
  return Math.min(POLL_BASE_MS * 2 ** attempt, POLL_MAX_MS);
}

/** What one live balance listens to: its socket path and the HTTP read used while the socket is down. */
export interface LiveBalanceSource {
  path: string;
  /** The current balance over HTTP; a 401 ApiError means signed out. */
  poll: () => Promise<number | PolledBalance>;
}

export type LiveBalance = ReturnType<typeof createLiveBalance>;

/** One live balance with its own socket and signals; the user's own is `userLive` below. */
export function createLiveBalance(source: LiveBalanceSource) {
  const [balance, setBalance] = createSignal<Balance | null>(null);
  const [lastChange, setLastChange] = createSignal<LiveChange | null>(null);
  const [liveState, setLiveState] = createSignal(
    initialLiveState(typeof navigator === 'undefined' || navigator.onLine),
  );
  /** live / reconnecting / offline: what the indicator says (live-status.ts). */
  const status = (): LiveStatus => liveState().status;
  const connected = () => liveState().status === 'live';
  const setConnected = (event: LiveEvent) => setLiveState((state) => nextLiveState(state, event));

  let socket: ReconnectingWebSocket | null = null;
  const jobListeners = new Set<(job: Job) => void>();
  let awaitingSnapshot = false;
  let watch: ConnectionWatch | undefined;
  let pollTimer: ReturnType<typeof setTimeout> | undefined;
  let polling = false;
  let pollAttempt = 0;
  let signedOutHandler: (() => void) | undefined;
  const reconnectHooks = new Set<() => void>();

  const liveUrl = (): string => {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    return `${scheme}://${location.host}${source.path}`;
  };

  /**
   * Opens the live socket; a no-op if it is already open.
   * `onSignedOut` runs when a fallback poll finds the session gone (401).
   */
  function start(options: { onSignedOut?: () => void } = {}): void {
    signedOutHandler = options.onSignedOut;
    if (socket) return;
    // partysocket's ReconnectingWebSocket rather than a hand-rolled loop: it already does the parts
    // that are easy to get wrong (exponential backoff with a cap, a connect timeout for sockets that
    // hang, re-binding listeners to each new underlying socket, no reconnect after close()).
    const ws = new ReconnectingWebSocket(liveUrl, undefined, {
      minReconnectionDelay: 1_000,
      maxReconnectionDelay: POLL_MAX_MS,
      reconnectionDelayGrowFactor: 2,
      // Only pings are ever sent, and a ping queued while offline is worthless.
      maxEnqueuedMessages: 0,
    });
    socket = ws;

    ws.addEventListener('open', () => {
      if (socket !== ws) return;
      awaitingSnapshot = true;
      stopPolling();
      // Every connect, not only re-connects: a credit that committed while no socket listened shows
      // up only in the snapshot, which does not say what changed, so pages re-ask the server.
      for (const hook of [...reconnectHooks]) hook();
    });

    ws.addEventListener('message', (event: MessageEvent) => {
      if (socket !== ws) return;
      watch?.heard(); // any frame proves the connection is alive
      // Studio job updates share this socket; they never count as the snapshot.
      const jobMsg = parseJobMessage(event.data);
      if (jobMsg) {
        for (const listener of [...jobListeners]) listener(jobMsg.job);
        return;
      }
      const msg = parseServerMessage(event.data);
      if (!msg) return;
      const isSnapshot = awaitingSnapshot;
      awaitingSnapshot = false;
      // Live only once the snapshot is here: an open socket that delivers nothing is not live.
      if (isSnapshot) setConnected('open');
      const current = balance();
      const next = applyBalanceMessage(current, msg, isSnapshot);
      if (next === current && !isSnapshot) return; // stale frame: its change is old news too
      setBalance(next);
      if (msg.change) setLastChange({ ...msg.change, credits: msg.credits, version: msg.version });
    });

    const onDown = (event: LiveEvent) => {
      if (socket !== ws) return;
      watch?.heard();
      setConnected(event);
      startPolling();
    };
    ws.addEventListener('close', (event: CloseEvent) => {
      if (socket !== ws) return;
      // The server ended this session (logout here or in another tab): never reconnect, sign out.
      if (event.code === CLOSE_SESSION_ENDED && event.reason === SESSION_ENDED_REASON) return endSession();
      onDown('close');
    });
    ws.addEventListener('error', () => onDown('close'));

    watch = watchConnection(ws, {
      missed: () => {
        if (socket !== ws) return;
        onDown('heartbeat_missed');
        ws.reconnect();
      },
      offline: () => onDown('browser_offline'),
      // Back online: a socket that was open may be a dead one, so start a fresh one now (its
      // snapshot is the resync) instead of waiting out the backoff.
      online: () => {
        if (socket !== ws) return;
        setConnected('browser_online');
        ws.reconnect();
      },
    });
  }

  /** The session is gone (closed server-side, or a 401): stop, then let the owner react. */
  function endSession(): void {
    const handler = signedOutHandler;
    stop();
    handler?.();
  }

  /** Closes the socket and forgets the balance (sign-out, or leaving the page that watched). */
  function stop(): void {
    const ws = socket;
    socket = null; // first, so the close event below is ignored by the listeners
    ws?.close();
    watch?.stop();
    watch = undefined;
    stopPolling();
    signedOutHandler = undefined;
    setConnected('close');
    setBalance(null);
    setLastChange(null);
  }

  /** Runs `hook` after every socket (re)connect; returns an unsubscribe function. */
  function onReconnect(hook: () => void): () => void {
    reconnectHooks.add(hook);
    return () => reconnectHooks.delete(hook);
  }

  /** Offers an unversioned balance (from an HTTP read); shown only while the socket is down. */
  /** Runs `listener` for every Studio job update pushed on this socket; returns an unsubscribe function. */
  function onJobUpdate(listener: (job: Job) => void): () => void {
    jobListeners.add(listener);
    return () => jobListeners.delete(listener);
  }

  function report(polled: number | PolledBalance): void {
    const current = balance();
    const next = applyPolledBalance(current, typeof polled === 'number' ? { credits: polled } : polled, connected());
    if (next !== current) setBalance(next);
  }

  function startPolling(): void {
    if (polling || !socket) return;
    polling = true;
    pollAttempt = 0;
    schedulePoll();
  }

  function stopPolling(): void {
    polling = false;
    clearTimeout(pollTimer);
    pollTimer = undefined;
  }

  function schedulePoll(): void {
    pollTimer = setTimeout(pollOnce, pollDelay(pollAttempt++));
  }

  async function pollOnce(): Promise<void> {
    try {
      const polled = await source.poll();
      if (polling) report(polled); // the socket may have come back while we waited
    } catch (error) {
      if (polling && error instanceof ApiError && error.status === 401) return endSession();
    }
    if (polling) schedulePoll();
  }

  return { balance, lastChange, connected, status, start, stop, onReconnect, onJobUpdate, report };
}

/** The signed-in user's own balance, shown in the header and on their pages. */
const userLive = createLiveBalance({ path: '/api/balance/live', poll: () => api.me() });
export const { balance, lastChange, connected, status: liveStatus, onReconnect, onJobUpdate } = userLive;
export const startLiveBalance = userLive.start;
export const stopLiveBalance = userLive.stop;
export const reportBalance = userLive.report;
