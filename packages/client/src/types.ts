// The client's public types: what connectBalance takes, returns and tells its listeners.
import type { Job, SubscriptionView } from '../../../worker/live/protocol';
import type { Balance, LiveChange, PolledBalance } from './balance-rules';
import type { NetworkEvents } from './heartbeat';
import type { LiveStatus } from './live-status';
import type { SocketFactory } from './socket';
import type { TokenAnswer } from './token';

/** What a listener is told: the balance (credits null until the first number), the indicator, and what changed. */
export interface BalanceState {
  credits: number | null;
  held: number;
  expiring: Balance['expiring'];
  version: number;
  status: LiveStatus;
  /** Set on the update a pushed change produced (purchase, spend, hold …), absent otherwise. */
  change?: LiveChange;
}

/** The socket's other news, for `on(kind, handler)`. */
export interface LiveEvents {
  /** A socket (re)connected; its snapshot says the balance but not what happened meanwhile: re-ask what you show. */
  connect: undefined;
  /** The user's subscription changed (null: none left). */
  subscription: SubscriptionView | null;
  /** A Studio render job changed. */
  job: Job;
  /** The session ended (signed out here or elsewhere, or an HTTP read found it gone): the connection has closed. */
  sessionEnded: undefined;
}

export interface ConnectOptions {
  /** Creditcast's origin (https://credits.example); default: this page's origin. */
  baseUrl?: string;
  /** Default `/api/balance/live`; the operator console watches `/api/admin/users/{id}/live`. */
  path?: string;
  /** A browser token for the app's user. Without it the socket goes with the same-origin session cookie. */
  getToken?: () => Promise<TokenAnswer>;
  /** An unversioned HTTP read, asked with backoff while the socket is down; `signed_out` ends the session. */
  poll?: () => Promise<PolledBalance | 'signed_out'>;
  /** Test seams: the WebSocket class and where online/offline events come from. */
  WebSocket?: SocketFactory;
  network?: NetworkEvents;
}

export interface BalanceConnection {
  /** Calls `listener` now and after every change of balance or status; returns its unsubscribe. */
  subscribe(listener: (state: BalanceState) => void): () => void;
  on<K extends keyof LiveEvents>(kind: K, handler: (value: LiveEvents[K]) => void): () => void;
  /** Offers an unversioned balance (an HTTP answer); shown only while the socket is down. */
  report(polled: PolledBalance): void;
  close(): void;
}
