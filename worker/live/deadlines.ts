// The room's alarm clock: which user the room serves (durable: the alarm needs it after waking) and
// arming the alarm no later than a deadline, within the horizon setAlarm accepts.
import type { UserUpdate } from './messages';

const USER_KEY = 'userId';
/** An alarm that fails (D1 unreachable) retries after this; the cron is the safety net anyway. */
export const RETRY_MS = 5_000;
/** The alarm's horizon: setAlarm throws past ~2189 (a lot expiring in 2190 once wedged its user's
 * room), so a far deadline wakes the room early, finds nothing due and re-arms. See LATEST_EXPIRY. */
export const MAX_ALARM_AHEAD_MS = 30 * 24 * 60 * 60 * 1000;

/** Arms the alarm for `deadline` (at most MAX_ALARM_AHEAD_MS ahead) unless it is armed to wake sooner. */
export async function armBy(storage: DurableObjectStorage, deadline: number): Promise<void> {
  const at = Math.min(deadline, Date.now() + MAX_ALARM_AHEAD_MS);
  const current = await storage.getAlarm();
  if (current === null || at < current) await storage.setAlarm(at);
}

/** Keeps the user id (the alarm needs it) and arms the alarm no later than the next deadline. */
export async function rememberUser(
  storage: DurableObjectStorage,
  update: Pick<UserUpdate, 'userId' | 'nextDeadline'>,
): Promise<void> {
  if ((await storage.get(USER_KEY)) !== update.userId) await storage.put(USER_KEY, update.userId);
  if (update.nextDeadline !== null) await armBy(storage, update.nextDeadline);
}

/** The user this room serves, once a publish or a setting told it (a room nobody published to has none). */
export async function roomUser(storage: DurableObjectStorage): Promise<string | undefined> {
  return storage.get<string>(USER_KEY);
}
