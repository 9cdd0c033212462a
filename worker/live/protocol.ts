// The live-balance wire protocol: the one definition the Worker, the BalanceRoom and the site share.
import type { LedgerKind } from '../ledger/kinds';
import type { Expiring } from '../ledger/state';

export type { Expiring, LedgerKind };

export interface BalanceChange {
  kind: LedgerKind;
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

export type ServerMessage = BalanceMessage;

/** Text frames a client may send. `ping` is answered `pong` without waking the object. */
export const PING = 'ping';
export const PONG = 'pong';

/** Parses a server frame; returns null for anything that is not a well-formed balance message. */
export function parseServerMessage(data: unknown): ServerMessage | null {
  if (typeof data !== 'string' || data === PONG) return null;
  try {
    const msg = JSON.parse(data) as Partial<BalanceMessage>;
    if (msg?.type === 'balance' && Number.isSafeInteger(msg.credits) && Number.isSafeInteger(msg.version)) {
      return {
        ...msg,
        held: Number.isSafeInteger(msg.held) ? msg.held : 0,
        expiring: msg.expiring ?? null,
      } as BalanceMessage;
    }
  } catch {
    // not JSON: ignore
  }
  return null;
}
