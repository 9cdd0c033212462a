// The live-balance wire protocol: the one definition the Worker, the BalanceRoom and the site share.
// Type imports only, from modules with no imports of their own: the browser client (packages/client)
// bundles this file and ships its declarations.

import type { Job } from '../vocabulary/jobs';
import type { ChangeKind, Expiring, LedgerKind } from '../vocabulary/ledger';
import type { SubscriptionView } from '../vocabulary/subscription-view';

export type { ChangeKind, Expiring, Job, LedgerKind, SubscriptionView };

export interface BalanceChange {
  kind: ChangeKind;
  delta: number;
  reference: string;
}

/**
 * Server → client. The first message after connect is a snapshot (no `change`). `version` rises
 * with every ledger change of the user; a client ignores any message whose version is not newer
 * than the one it shows. `held`: credits in active holds; `expiring`: the soonest lot expiring
 * within 7 days, or null.
 */
export interface BalanceMessage {
  type: 'balance';
  credits: number;
  held: number;
  expiring: Expiring | null;
  version: number;
  change?: BalanceChange;
}

/**
 * Server → client: a Studio render job changed (queued, rendering n%, done with its cost, failed).
 * The balance side of the same story arrives as balance messages (hold, capture, release).
 */
export interface JobMessage {
  type: 'job';
  job: Job;
}

/**
 * Server → client: the user's subscription as `GET /api/subscription` would answer now (null: none),
 * sent after any write changed its stored state (status, plan, cancel at period end, period end). Not
 * versioned: the BalanceRoom reads it from D1 after each change, one read at a time, so the last one
 * sent is the current state whatever order the writes and their pushes came in. Not in the snapshot:
 * a client asks `GET /api/subscription` when it (re)connects.
 */
export interface SubscriptionMessage {
  type: 'subscription';
  subscription: SubscriptionView | null;
}

export type ServerMessage = BalanceMessage | JobMessage | SubscriptionMessage;

/** Text frames a client may send. `ping` is answered `pong` without waking the object. */
export const PING = 'ping';
export const PONG = 'pong';

/**
 * Close code and reason of a socket whose session ended (logout): the client must not reconnect,
 * it is signed out. The reason tells it apart from other 4001 closes (a test harness's cut).
 */
export const CLOSE_SESSION_ENDED = 4001;
export const SESSION_ENDED_REASON = 'session ended';

/** A server frame's JSON object, or null for a pong or anything that is not JSON. */
function frameOf<T>(data: unknown): Partial<T> | null {
  if (typeof data !== 'string' || data === PONG) return null;
  try {
    return JSON.parse(data) as Partial<T>;
  } catch {
    return null; // not JSON: ignore
  }
}

/** Parses a server frame; returns null for anything that is not a well-formed job message. */
export function parseJobMessage(data: unknown): JobMessage | null {
  const msg = frameOf<JobMessage>(data);
  return msg?.type === 'job' && typeof msg.job?.id === 'string' && typeof msg.job.status === 'string'
    ? (msg as JobMessage)
    : null;
}

/** Parses a server frame; returns null for anything that is not a well-formed subscription message. */
export function parseSubscriptionMessage(data: unknown): SubscriptionMessage | null {
  const msg = frameOf<SubscriptionMessage>(data);
  const sub = msg?.subscription;
  return msg?.type === 'subscription' &&
    (sub === null || (typeof sub?.id === 'string' && typeof sub.status === 'string'))
    ? (msg as SubscriptionMessage)
    : null;
}

/** Parses a server frame; returns null for anything that is not a well-formed balance message. */
export function parseServerMessage(data: unknown): BalanceMessage | null {
  const msg = frameOf<BalanceMessage>(data);
  if (msg?.type !== 'balance' || !Number.isSafeInteger(msg.credits) || !Number.isSafeInteger(msg.version)) return null;
  return {
    ...msg,
    held: Number.isSafeInteger(msg.held) ? msg.held : 0,
    expiring: msg.expiring ?? null,
  } as BalanceMessage;
}
