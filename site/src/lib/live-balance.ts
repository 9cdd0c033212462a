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
import { type BalanceChange, type BalanceMessage, PING, parseServerMessage } from '../../../worker/live/protocol';
import { ApiError, api } from './api';

export interface Balance {
  credits: number;
  version: number;
}

/** A change pushed by the server, with the balance it produced. */
export interface LiveChange extends BalanceChange {
  credits: number;
  version: number;
}

/** Returns the balance to show after `msg`; returns `current` itself when the message is ignored. */
export function applyBalanceMessage(current: Balance | null, msg: BalanceMessage, isSnapshot = false): Balance | null {
  if (!isSnapshot && current && msg.version <= current.version) return current;
  if (current && current.credits === msg.credits && current.version === msg.version) return current;
  return { credits: msg.credits, version: msg.version };
}

/** Returns the balance to show after an unversioned read; returns `current` itself when it is ignored. */
export function applyPolledBalance(current: Balance | null, credits: number, socketConnected: boolean): Balance | null {
  if (socketConnected) return current;
  if (current && current.credits === credits) return current;
  return { credits, version: current?.version ?? 0 };
}

const POLL_BASE_MS = 1_000;
const POLL_MAX_MS = 15_000;
const PING_EVERY_MS = 25_000;

/** Delay before the n-th /me poll (0-based) while the socket is down: 1 s, 2 s, 4 s … capped at 15 s. */
export function pollDelay(attempt: number): number {
  return Math.min(POLL_BASE_MS * 2 ** attempt, POLL_MAX_MS);
}

/** What one live balance listens to: its socket path and the HTTP read used while the socket is down. */
export interface LiveBalanceSource {
  path: string;
  /** The current balance over HTTP; a 401 ApiError means signed out. */
  poll: () => Promise<number>;
}

export type LiveBalance = ReturnType<typeof createLiveBalance>;

/** One live balance with its own socket and signals; the user's own is `userLive` below. */
export function createLiveBalance(source: LiveBalanceSource) {
  const [balance, setBalance] = createSignal<Balance | null>(null);
  const [lastChange, setLastChange] = createSignal<LiveChange | null>(null);
  const [connected, setConnected] = createSignal(false);

  let socket: ReconnectingWebSocket | null = null;
  let awaitingSnapshot = false;
  let pingTimer: ReturnType<typeof setInterval> | undefined;
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
      setConnected(true);
      stopPolling();
      // Every connect, not only re-connects: a credit that committed while no socket listened shows
      // up only in the snapshot, which does not say what changed, so pages re-ask the server.
      for (const hook of [...reconnectHooks]) hook();
    });

    ws.addEventListener('message', (event: MessageEvent) => {
      if (socket !== ws) return;
      const msg = parseServerMessage(event.data);
      if (!msg) return;
      const isSnapshot = awaitingSnapshot;
      awaitingSnapshot = false;
      const current = balance();
      const next = applyBalanceMessage(current, msg, isSnapshot);
      if (next === current && !isSnapshot) return; // stale frame: its change is old news too
      setBalance(next);
      if (msg.change) setLastChange({ ...msg.change, credits: msg.credits, version: msg.version });
    });

    const onDown = () => {
      if (socket !== ws) return;
      setConnected(false);
      startPolling();
    };
    ws.addEventListener('close', onDown);
    ws.addEventListener('error', onDown);

    // Keeps intermediaries from timing out an idle socket; the server answers without waking the object.
    pingTimer = setInterval(() => {
      if (ws.readyState === ws.OPEN) ws.send(PING);
    }, PING_EVERY_MS);
  }

  /** Closes the socket and forgets the balance (sign-out, or leaving the page that watched). */
  function stop(): void {
    const ws = socket;
    socket = null; // first, so the close event below is ignored by the listeners
    ws?.close();
    clearInterval(pingTimer);
    stopPolling();
    signedOutHandler = undefined;
    setConnected(false);
    setBalance(null);
    setLastChange(null);
  }

  /** Runs `hook` after every socket (re)connect; returns an unsubscribe function. */
  function onReconnect(hook: () => void): () => void {
    reconnectHooks.add(hook);
    return () => reconnectHooks.delete(hook);
  }

  /** Offers an unversioned balance (from an HTTP read); shown only while the socket is down. */
  function report(credits: number): void {
    const current = balance();
    const next = applyPolledBalance(current, credits, connected());
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
      const credits = await source.poll();
      if (polling) report(credits); // the socket may have come back while we waited
    } catch (error) {
      if (polling && error instanceof ApiError && error.status === 401) {
        const handler = signedOutHandler;
        stop();
        handler?.();
        return;
      }
    }
    if (polling) schedulePoll();
  }

  return { balance, lastChange, connected, start, stop, onReconnect, report };
}

/** The signed-in user's own balance, shown in the header and on their pages. */
const userLive = createLiveBalance({ path: '/api/balance/live', poll: () => api.me().then((me) => me.credits) });
export const { balance, lastChange, connected, onReconnect } = userLive;
export const startLiveBalance = userLive.start;
export const stopLiveBalance = userLive.stop;
export const reportBalance = userLive.report;
