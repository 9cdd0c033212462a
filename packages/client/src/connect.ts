// connectBalance: one user's live balance from Creditcast's socket — reconnecting, heartbeating,
// following the browser's network events, refreshing browser tokens, never showing an older version —
// told to listeners as one state, with a typed hook for the socket's other messages.
import {
  CLOSE_SESSION_ENDED,
  parseJobMessage,
  parseServerMessage,
  parseSubscriptionMessage,
  SESSION_ENDED_REASON,
} from '../../../worker/live/protocol';
import {
  applyBalanceMessage,
  applyPolledBalance,
  type Balance,
  type LiveChange,
  type PolledBalance,
  pollDelay,
} from './balance-rules';
import { type NetworkEvents, watchConnection } from './heartbeat';
import { initialLiveState, type LiveEvent, nextLiveState } from './live-status';
import { reconnectingSocket, type SocketFactory } from './socket';
import { tokenCache } from './token';
import type { BalanceConnection, BalanceState, ConnectOptions, LiveEvents } from './types';

export function connectBalance(options: ConnectOptions = {}): BalanceConnection {
  const scope = globalThis as { location?: Location; navigator?: Navigator; WebSocket?: SocketFactory } & NetworkEvents;
  const url = new URL(options.path ?? '/api/balance/live', options.baseUrl ?? scope.location?.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  const tokens = options.getToken ? tokenCache(options.getToken) : null;

  let balance: Balance | null = null;
  let live = initialLiveState(scope.navigator?.onLine ?? true);
  let awaitingSnapshot = false;
  let closed = false;
  const listeners = new Set<(state: BalanceState) => void>();
  // Keyed by kind; `on` and `emit` keep each set's handlers to their kind's value type.
  const handlers = new Map<keyof LiveEvents, Set<(value: never) => void>>();

  const stateOf = (change?: LiveChange): BalanceState => ({
    credits: balance?.credits ?? null,
    held: balance?.held ?? 0,
    expiring: balance?.expiring ?? null,
    version: balance?.version ?? 0,
    status: live.status,
    ...(change ? { change } : {}),
  });
  const tell = (change?: LiveChange) => {
    const state = stateOf(change);
    for (const listener of [...listeners]) listener(state);
  };
  function emit<K extends keyof LiveEvents>(kind: K, value: LiveEvents[K]): void {
    for (const handler of [...(handlers.get(kind) ?? [])]) (handler as (v: LiveEvents[K]) => void)(value);
  }
  const setLive = (event: LiveEvent) => {
    const next = nextLiveState(live, event);
    if (next.status === live.status) return void (live = next);
    live = next;
    tell();
  };

  // The socket's events never come synchronously (it connects after a microtask at least), so the
  // handlers may use `watch` and `down`, defined just after it.
  const socket = reconnectingSocket(
    async () => {
      if (!tokens) return url.href;
      const withToken = new URL(url);
      withToken.searchParams.set('token', await tokens.current());
      return withToken.href;
    },
    options.WebSocket ?? (scope.WebSocket as SocketFactory),
    {
      open() {
        awaitingSnapshot = true;
        stopPolling();
        // Every connect, not only re-connects: a credit that committed while no socket listened shows
        // up only in the snapshot, which does not say what changed, so pages re-ask the server.
        emit('connect', undefined);
      },
      message(data) {
        watch.heard(); // any frame proves the connection is alive
        // Jobs and subscriptions share this socket; they never count as the snapshot.
        const job = parseJobMessage(data);
        if (job) return emit('job', job.job);
        const sub = parseSubscriptionMessage(data);
        if (sub) return emit('subscription', sub.subscription);
        const msg = parseServerMessage(data);
        if (!msg) return;
        const isSnapshot = awaitingSnapshot;
        awaitingSnapshot = false;
        const next = applyBalanceMessage(balance, msg, isSnapshot);
        const statusBefore = live.status;
        // Live only once the snapshot is here: an open socket that delivers nothing is not live.
        if (isSnapshot) live = nextLiveState(live, 'open');
        if (next === balance && live.status === statusBefore) return; // stale frame: its change is old news too
        const applied = next !== balance;
        balance = next;
        tell(applied && msg.change ? { ...msg.change, credits: msg.credits, version: msg.version } : undefined);
      },
      close(code, reason, opened) {
        watch.heard();
        // The server ended this session (logout here or in another tab): never reconnect.
        if (code === CLOSE_SESSION_ENDED && reason === SESSION_ENDED_REASON) {
          endSession();
          return false;
        }
        if (!opened) tokens?.refused(); // refused at the upgrade: the token may have expired
        down('close');
        return true;
      },
    },
  );

  const down = (event: LiveEvent) => {
    watch.heard();
    setLive(event);
    startPolling();
  };
  const watch = watchConnection(
    socket,
    options.network ?? (typeof scope.addEventListener === 'function' ? scope : undefined),
    {
      missed: () => {
        down('heartbeat_missed');
        socket.reconnect();
      },
      offline: () => down('browser_offline'),
      // Back online: a socket that was open may be a dead one, so start a fresh one now (its
      // snapshot is the resync) instead of waiting out the backoff.
      online: () => {
        setLive('browser_online');
        socket.reconnect();
      },
    },
  );

  let pollTimer: ReturnType<typeof setTimeout> | undefined;
  let polling = false;
  let pollAttempt = 0;
  function startPolling(): void {
    if (polling || closed || !options.poll) return;
    polling = true;
    pollAttempt = 0;
    pollTimer = setTimeout(pollOnce, pollDelay(pollAttempt++));
  }
  function stopPolling(): void {
    polling = false;
    clearTimeout(pollTimer);
  }
  async function pollOnce(): Promise<void> {
    try {
      const polled = await options.poll!();
      if (polled === 'signed_out') return endSession();
      if (polling) report(polled); // the socket may have come back while we waited
    } catch {
      // unreachable: try again later
    }
    if (polling) pollTimer = setTimeout(pollOnce, pollDelay(pollAttempt++));
  }

  function report(polled: PolledBalance): void {
    const next = applyPolledBalance(balance, polled, live.status === 'live');
    if (next === balance) return;
    balance = next;
    tell();
  }
  function close(): void {
    closed = true;
    socket.close();
    watch.stop();
    stopPolling();
  }
  function endSession(): void {
    if (closed) return;
    close();
    emit('sessionEnded', undefined);
  }

  return {
    subscribe(listener) {
      listeners.add(listener);
      listener(stateOf());
      return () => void listeners.delete(listener);
    },
    on(kind, handler) {
      const set = handlers.get(kind) ?? new Set();
      handlers.set(kind, set);
      set.add(handler);
      return () => void set.delete(handler);
    },
    report,
    close,
  };
}
