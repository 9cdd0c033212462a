// A live balance as Solid signals: the site's thin adapter over @creditcast/client (packages/client),
// which owns every connection rule (reconnect and backoff, heartbeat, offline truth, version order,
// the HTTP read while the socket is down). The signed-in user's own is `userLive` below; the operator
// console makes one per user it watches.
import { createSignal } from 'solid-js';
// The client's modules, not its index: importing the index defines the <creditcast-balance> element,
// which the site never uses (it would ship the element's code on every page).
import {
  type Balance,
  type LiveChange,
  type PolledBalance,
  sameBalance,
} from '../../../packages/client/src/balance-rules';
import { connectBalance } from '../../../packages/client/src/connect';
import type { LiveStatus } from '../../../packages/client/src/live-status';
import type { BalanceConnection, BalanceState } from '../../../packages/client/src/types';
import type { Job, SubscriptionView } from '../../../worker/live/protocol';
import { ApiError, api } from './api';

export type { Balance, LiveChange, LiveStatus, PolledBalance };

/** What one live balance listens to: its socket path and the HTTP read used while the socket is down. */
export interface LiveBalanceSource {
  path: string;
  /** The current balance over HTTP; a 401 ApiError means signed out. */
  poll: () => Promise<number | PolledBalance>;
}

/**
 * How long a fresh start may take to reach its first snapshot before the indicator admits trouble.
 * Until then (or a status change the client reports) the badge shows a neutral placeholder: a page
 * load must not flash the HTTP balance with "Offline"/"Reconnecting…" while the socket is still opening
 * (navigator.onLine can also say offline on a machine whose socket opens fine).
 */
export const CONNECT_GRACE_MS = 3_000;

const offlineNow = () => typeof navigator !== 'undefined' && !navigator.onLine;
/** What the indicator says with no connection at all (before start, after stop). */
const idleStatus = (): LiveStatus => (offlineNow() ? 'offline' : 'reconnecting');

/** The client's read: the source's, with a 401 turned into the client's `signed_out`. */
function pollOf(source: LiveBalanceSource) {
  return async (): Promise<PolledBalance | 'signed_out'> => {
    try {
      const polled = await source.poll();
      return typeof polled === 'number' ? { credits: polled } : polled;
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return 'signed_out';
      throw error;
    }
  };
}

/** The balance a state shows, reusing `shown` when nothing in it changed (Solid then notifies nobody). */
function balanceOf(state: BalanceState, shown: Balance | null): Balance | null {
  if (state.credits === null) return null;
  const next = { credits: state.credits, held: state.held, expiring: state.expiring, version: state.version };
  return shown && shown.version === next.version && sameBalance(shown, next) ? shown : next;
}

export type LiveBalance = ReturnType<typeof createLiveBalance>;

/** One live balance with its own socket and signals. */
export function createLiveBalance(source: LiveBalanceSource) {
  const [balance, setBalance] = createSignal<Balance | null>(null);
  const [lastChange, setLastChange] = createSignal<LiveChange | null>(null);
  const [status, setStatus] = createSignal<LiveStatus>(idleStatus());
  const connected = () => status() === 'live';
  /** False from start() until the first snapshot, a status change, or CONNECT_GRACE_MS: what the badge shows until then is nothing. */
  const [settled, setSettled] = createSignal(false);

  let connection: BalanceConnection | null = null;
  let signedOutHandler: (() => void) | undefined;
  // The page's hooks outlive any one connection: pages register them whether or not it is started.
  const reconnectHooks = new Set<() => void>();
  const jobListeners = new Set<(job: Job) => void>();
  const subscriptionListeners = new Set<(subscription: SubscriptionView | null) => void>();

  /** Opens the live socket; a no-op if it is already open. `onSignedOut` runs when the session ends. */
  function start(options: { onSignedOut?: () => void } = {}): void {
    signedOutHandler = options.onSignedOut;
    if (connection) return;
    const mine = connectBalance({ path: source.path, poll: pollOf(source) });
    connection = mine;
    let startedAs: LiveStatus | undefined;
    const grace = setTimeout(() => connection === mine && setSettled(true), CONNECT_GRACE_MS);
    mine.subscribe((state) => {
      if (connection !== mine) return;
      startedAs ??= state.status; // subscribe tells the first state at once
      if (state.status !== startedAs) {
        clearTimeout(grace);
        setSettled(true);
      }
      setStatus(state.status);
      setBalance((shown) => balanceOf(state, shown));
      if (state.change) setLastChange(state.change);
    });
    mine.on('connect', () => {
      for (const hook of [...reconnectHooks]) hook();
    });
    mine.on('job', (job) => {
      for (const listener of [...jobListeners]) listener(job);
    });
    mine.on('subscription', (subscription) => {
      for (const listener of [...subscriptionListeners]) listener(subscription);
    });
    mine.on('sessionEnded', () => {
      const handler = signedOutHandler;
      stop();
      handler?.();
    });
  }

  /** Closes the socket and forgets the balance (sign-out, or leaving the page that watched). */
  function stop(): void {
    const mine = connection;
    connection = null; // first, so nothing it still says is shown
    mine?.close();
    signedOutHandler = undefined;
    setStatus(idleStatus());
    setSettled(false);
    setBalance(null);
    setLastChange(null);
  }

  /** Adds `listener` to `set`; returns its unsubscribe function. */
  const hook =
    <T>(set: Set<T>) =>
    (listener: T): (() => void) => {
      set.add(listener);
      return () => set.delete(listener);
    };

  /** Offers an unversioned balance (from an HTTP read); shown only while the socket is down. */
  function report(polled: number | PolledBalance): void {
    connection?.report(typeof polled === 'number' ? { credits: polled } : polled);
  }

  return {
    balance,
    lastChange,
    connected,
    status,
    settled,
    start,
    stop,
    /** Runs after every socket (re)connect. */
    onReconnect: hook(reconnectHooks),
    /** Runs for every Studio job update pushed on this socket. */
    onJobUpdate: hook(jobListeners),
    /** Runs for every subscription change pushed on this socket. */
    onSubscriptionUpdate: hook(subscriptionListeners),
    report,
  };
}

/** The signed-in user's own balance, shown in the header and on their pages. */
const userLive = createLiveBalance({ path: '/api/balance/live', poll: () => api.me() });
export const {
  balance,
  lastChange,
  connected,
  status: liveStatus,
  settled: liveSettled,
  onReconnect,
  onJobUpdate,
  onSubscriptionUpdate,
} = userLive;
export const startLiveBalance = userLive.start;
export const stopLiveBalance = userLive.stop;
export const reportBalance = userLive.report;
