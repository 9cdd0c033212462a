// VideoApp's receiver for Creditcast's events (docs/webhooks-out.md): each POST is verified with the
// `standardwebhooks` package on the raw body before anything reads it, deduped by webhook-id, logged,
// and one rule an app acts on is kept: a user is flagged "Low balance" by `balance.low` (or
// `balance.depleted`) and cleared by a later event that brings the balance back to the threshold
// (a purchase, a grant). Events come in any order and any number of times: `data.version` orders one
// user's events, so an older event never undoes a newer one (events of one entry share a version).
import { Webhook } from 'standardwebhooks';
import type { LowBalance, UserStore } from './users';

interface CreditcastEvent {
  type: string;
  timestamp: string;
  data: { userId: string; externalId: string | null; balance: number; version: number; threshold?: number };
}

export type EventOutcome =
  | { outcome: 'applied'; type: string }
  | { outcome: 'duplicate' }
  /** Not about one of our users (made by another app on the same key, or since forgotten): nothing to do. */
  | { outcome: 'ignored' }
  | { outcome: 'refused'; reason: string };

/** Remembered webhook-ids, enough to absorb retries and resends; older ones fall out (the version rule still holds). */
const SEEN_LIMIT = 10_000;

/** The flag after one event, from the flag before it (pure: the ordering rule in one place). */
export function nextLowBalance(before: LowBalance | undefined, event: CreditcastEvent): LowBalance | undefined {
  const { balance, version } = event.data;
  if (before && version < before.version) return before; // older than what we know: changes nothing
  const threshold = before?.threshold ?? 0;
  if (event.type === 'balance.low') return { low: true, threshold: event.data.threshold ?? threshold, version };
  if (event.type === 'balance.depleted') return { low: true, threshold: Math.max(threshold, 1), version };
  if (before?.low && balance >= threshold) return { low: false, threshold, version };
  return { low: before?.low ?? false, threshold, version };
}

export function eventReceiver(secret: string, users: UserStore, log: (line: string) => void = console.log) {
  const webhook = new Webhook(secret);
  const seen = new Set<string>();

  return {
    /** One POST: `body` exactly as received (re-serialised JSON would not verify). */
    handle(body: string, headers: Record<string, string | string[] | undefined>): EventOutcome {
      const flat = Object.fromEntries(
        Object.entries(headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : (value ?? '')]),
      );
      let event: CreditcastEvent;
      try {
        event = webhook.verify(body, flat) as CreditcastEvent;
      } catch (error) {
        return { outcome: 'refused', reason: error instanceof Error ? error.message : 'not verified' };
      }
      const id = flat['webhook-id'] ?? '';
      if (seen.has(id)) return { outcome: 'duplicate' };
      seen.add(id);
      if (seen.size > SEEN_LIMIT) seen.delete(seen.values().next().value as string);
      const { externalId, balance, version } = event.data;
      log(
        `[video-app] event ${event.type} ${id} for ${externalId ?? event.data.userId}: balance ${balance} (v${version})`,
      );
      const user = externalId ? users.byId(externalId) : undefined;
      if (!user) return { outcome: 'ignored' };
      users.setLowBalance(user, nextLowBalance(user.lowBalance, event));
      return { outcome: 'applied', type: event.type };
    },
  };
}
