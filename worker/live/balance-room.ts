// BalanceRoom: one Durable Object per user that fans every balance change out to that user's open
// sockets, and wakes (alarm) at the user's next deadline to sweep expired lots and holds on time.
// Uses the WebSocket Hibernation API, so idle sockets cost nothing; nothing it needs after waking
// lives in instance fields (hibernation wipes them): the sockets come from getWebSockets(), the
// last message sent and the user id from durable storage.
import { DurableObject } from 'cloudflare:workers';
import { createDb } from '../db/client';
import type { OnCommit } from '../ledger/commit';
import { sweepUser } from '../ledger/expiry';
import { configureLowBalanceDefault } from '../ledger/outbox';
import { callsForReceipt, mailReceipts } from '../mail/receipts';
import { stripeClient } from '../stripe/client';
import { currentSubscription } from '../subscriptions/store';
import { kickDrain } from '../webhooks/drain';
import { configure as configureTopup, noteBalance, runIfDue } from './auto-topup-trigger';
import { subscriptionMessage, type UserUpdate, updatesFor } from './messages';
import {
  type BalanceMessage,
  CLOSE_SESSION_ENDED,
  type JobMessage,
  PING,
  PONG,
  SESSION_ENDED_REASON,
} from './protocol';
import { attachmentOf, closeQuietly, type SocketAttachment } from './sockets';
import { closeEndedWatchers, closeWatchedRooms, rememberWatch, WATCH_CHECK_MS, WATCHER_HEADER } from './watchers';

/** The Worker passes the D1 snapshot (a BalanceMessage without change) when forwarding a socket. */
export const SNAPSHOT_HEADER = 'x-balance-snapshot';
/** …and the id of the session that opened it (its token hash), so logout can close its sockets. */
export const SESSION_HEADER = 'x-balance-session';
/** …or, for a socket a browser token opened, the id of the API key that minted it. */
export const KEY_HEADER = 'x-balance-key';
const LATEST_KEY = 'latest';
const USER_KEY = 'userId';
/** An alarm that fails (D1 unreachable) retries after this; the cron is the safety net anyway. */
const RETRY_MS = 5_000;
/** The alarm's horizon: setAlarm throws past ~2189 (a lot expiring in 2190 once wedged its user's
 * room), so a far deadline wakes the room early, finds nothing due and re-arms. See LATEST_EXPIRY. */
export const MAX_ALARM_AHEAD_MS = 30 * 24 * 60 * 60 * 1000;

/** Open sockets per user; connecting one more closes the oldest. */
export const MAX_SOCKETS_PER_USER = 50;
export { CLOSE_SESSION_ENDED };
export const CLOSE_TOO_MANY_SOCKETS = 4002;
/** RFC 6455 "policy violation": the client sent something other than `ping`. */
export const CLOSE_POLICY_VIOLATION = 1008;

export class BalanceRoom extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    // Its alarm sweeps commit moves, whose outbox reads the deployment's low-balance default.
    configureLowBalanceDefault(env.LOW_BALANCE_CREDITS);
    // Answered by the runtime itself: a heartbeat never wakes the object.
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair(PING, PONG));
  }

  /** Accepts an (already authenticated) WebSocket upgrade and sends the snapshot first. */
  async fetch(request: Request): Promise<Response> {
    const snapshot = JSON.parse(request.headers.get(SNAPSHOT_HEADER) ?? 'null') as BalanceMessage | null;
    if (!snapshot) return new Response('missing snapshot', { status: 400 });

    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server);
    const watcher = request.headers.get(WATCHER_HEADER) === '1';
    const key = request.headers.get(KEY_HEADER);
    server.serializeAttachment({
      session: request.headers.get(SESSION_HEADER) ?? '',
      openedAt: Date.now(),
      ...(watcher ? { watcher: true } : {}),
      ...(key ? { key } : {}),
    } satisfies SocketAttachment);
    this.closeOldestBeyondCap();
    // A watcher is re-checked by the alarm (see watchers.ts).
    if (watcher) await this.armBy(Date.now() + WATCH_CHECK_MS);
    // A change may have been pushed after the Worker read D1: never start a client behind it.
    const latest = await this.latest();
    const first: BalanceMessage =
      latest && latest.version > snapshot.version ? { ...latest, change: undefined } : snapshot;
    server.send(JSON.stringify(first));
    return new Response(null, { status: 101, webSocket: client });
  }

  /**
   * Sends a user's committed changes to every open socket, skipping any version already sent (two
   * commits can publish out of order), and arms the alarm for the user's next deadline. Returns
   * how many frames it sent.
   */
  async publish(update: UserUpdate): Promise<number> {
    await this.remember(update);
    let latest = await this.latest();
    const fresh = update.messages.filter((m) => {
      if (latest && latest.version >= m.version) return false;
      latest = m;
      return true;
    });
    if (fresh.length === 0) return 0;
    // allowUnconfirmed: don't hold the frames below behind the write's confirmation (the output
    // gate). Losing this write in a crash only lets an older version through once, which every
    // client ignores anyway.
    await this.ctx.storage.put(LATEST_KEY, fresh.at(-1), { allowUnconfirmed: true });
    let sent = 0;
    for (const message of fresh) sent += this.broadcast(JSON.stringify(message));
    // Auto top-up: an O(1) check here; the charge runs in the alarm, off every caller's path.
    const last = fresh.at(-1);
    if (last && (await noteBalance(this.ctx.storage, last.credits, Date.now()))) await this.armBy(Date.now());
    return sent;
  }

  /** The user's auto top-up settings changed: the threshold (null: off). When on, checks at once. */
  async configureAutoTopup(userId: string, threshold: number | null): Promise<void> {
    await this.remember({ userId, nextDeadline: null });
    if (await configureTopup(this.ctx.storage, threshold)) await this.armBy(Date.now());
  }

  /** Commits made inside the room (its top-up): pushed to its own sockets, events drained, receipts mailed. */
  private selfPublishing(pending: Promise<unknown>[]): OnCommit {
    return (committed) => {
      for (const update of updatesFor(committed)) pending.push(this.publish(update));
      pending.push(kickDrain(createDb(this.env.DB), this.env.WEBHOOKS_QUEUE).catch(() => undefined));
      // The top-up's receipt: this commit never passes through live/publisher.ts (mailReceipts never throws).
      if (committed.entries.some(callsForReceipt))
        pending.push(mailReceipts(this.env, createDb(this.env.DB), committed));
    };
  }

  /** Sends one frame to every open socket; returns how many took it. */
  private broadcast(frame: string): number {
    let sent = 0;
    for (const socket of this.ctx.getWebSockets()) {
      try {
        socket.send(frame);
        sent++;
      } catch {
        // A socket that is closing; its close handler cleans up.
      }
    }
    return sent;
  }

  /** Keeps the user id (the alarm needs it) and arms the alarm no later than the next deadline. */
  private async remember(update: Pick<UserUpdate, 'userId' | 'nextDeadline'>): Promise<void> {
    if ((await this.ctx.storage.get(USER_KEY)) !== update.userId) await this.ctx.storage.put(USER_KEY, update.userId);
    if (update.nextDeadline !== null) await this.armBy(update.nextDeadline);
  }

  /** Arms the alarm for `deadline` (at most MAX_ALARM_AHEAD_MS ahead) unless it is armed to wake sooner. */
  async armBy(deadline: number): Promise<void> {
    const at = Math.min(deadline, Date.now() + MAX_ALARM_AHEAD_MS);
    const current = await this.ctx.storage.getAlarm();
    if (current === null || at < current) await this.ctx.storage.setAlarm(at);
  }

  /**
   * The user's next deadline has come: sweep what is due (pushing each change to this room's
   * sockets) and re-arm for the deadline after it. An early wake (a hold extended since) finds
   * nothing due and simply re-arms. Alarms fire at least once, and the sweep is idempotent.
   */
  async alarm(): Promise<void> {
    const db = createDb(this.env.DB);
    await this.checkWatchers(db);
    const userId = await this.ctx.storage.get<string>(USER_KEY);
    if (!userId) return;
    try {
      const pending: Promise<number>[] = [];
      const result = await sweepUser(
        db,
        (committed) => {
          for (const update of updatesFor(committed)) pending.push(this.publish(update));
        },
        userId,
        Date.now(),
      );
      await Promise.all(pending);
      await this.runTopup(db, userId);
      const next = result.state?.nextDeadline ?? null;
      // Never later than an alarm a publish armed while we swept (a new hold due sooner than `next`,
      // committed after the sweep read the state).
      if (next !== null) await this.armBy(Math.max(next, Date.now() + 1));
    } catch (err) {
      console.error(JSON.stringify({ msg: 'sweep_alarm_failed', userId, error: String(err) }));
      await this.armBy(Date.now() + RETRY_MS);
    }
  }

  /** A due auto top-up (a publish found the balance below the threshold); retried after a transient failure. */
  private async runTopup(db: ReturnType<typeof createDb>, userId: string): Promise<void> {
    const pending: Promise<unknown>[] = [];
    try {
      await runIfDue(
        this.ctx.storage,
        db,
        () => stripeClient(this.env),
        this.selfPublishing(pending),
        userId,
        Date.now(),
        { env: this.env, waitUntil: (p) => pending.push(p) },
      );
    } catch (err) {
      console.error(JSON.stringify({ msg: 'auto_topup_failed', userId, error: String(err) }));
      await this.armBy(Date.now() + RETRY_MS);
    }
    await Promise.all(pending);
  }

  /** Closes watchers whose operator session ended or lost the role; re-arms while any remain. */
  private async checkWatchers(db: ReturnType<typeof createDb>): Promise<void> {
    try {
      const open = await closeEndedWatchers(db, this.ctx.getWebSockets());
      if (open > 0) await this.armBy(Date.now() + WATCH_CHECK_MS);
    } catch (err) {
      console.error(JSON.stringify({ msg: 'watch_check_failed', error: String(err) }));
      await this.armBy(Date.now() + RETRY_MS);
    }
  }

  /** Sends a Studio job's change to every open socket (not versioned: the job carries its own state). */
  async publishJob(message: JobMessage): Promise<number> {
    return this.broadcast(JSON.stringify(message));
  }

  /**
   * Subscription reads, one at a time. In memory on purpose: a hibernated object has none in flight,
   * so an empty chain after waking is the truth.
   */
  private subscriptionReads: Promise<unknown> = Promise.resolve();

  /**
   * The user's stored subscription changed: reads it from D1 and sends it to every open socket;
   * returns how many took it. Reads run one after another, so each starts after the previous one
   * ended and sees at least its state: the last frame sent shows the last write, however the writes'
   * pushes raced here. Nobody connected: nothing to read (a socket that opens later asks over HTTP).
   */
  async publishSubscription(userId: string): Promise<number> {
    const sent = this.subscriptionReads.then(async () => {
      if (this.ctx.getWebSockets().length === 0) return 0;
      const subscription = await currentSubscription(createDb(this.env.DB), userId);
      return this.broadcast(JSON.stringify(subscriptionMessage(subscription)));
    });
    this.subscriptionReads = sent.catch(() => undefined);
    return sent;
  }

  /** The last message this room has sent (survives hibernation and restarts). */
  async latest(): Promise<BalanceMessage | undefined> {
    return this.ctx.storage.get<BalanceMessage>(LATEST_KEY);
  }

  /**
   * Logout: closes every socket the ended session opened, here and (for an operator) in the rooms
   * it was watching. Returns how many.
   */
  async closeSession(session: string): Promise<number> {
    let closed = 0;
    for (const socket of this.ctx.getWebSockets()) {
      if (attachmentOf(socket)?.session !== session) continue;
      closeQuietly(socket, CLOSE_SESSION_ENDED, SESSION_ENDED_REASON);
      closed++;
    }
    return closed + (await closeWatchedRooms(this.ctx.storage, this.env, session));
  }

  /**
   * Ends the sockets browser tokens opened: those minted by `keyId` (the key was revoked), or every
   * one (the user closed their account). Returns how many.
   */
  async closeTokenSockets(keyId?: string): Promise<number> {
    let closed = 0;
    for (const socket of this.ctx.getWebSockets()) {
      const key = attachmentOf(socket)?.key;
      if (!key || (keyId !== undefined && key !== keyId)) continue;
      closeQuietly(socket, CLOSE_SESSION_ENDED, SESSION_ENDED_REASON);
      closed++;
    }
    return closed;
  }

  /** In the operator's own room: remembers that `session` watches `userId`, for closeSession. */
  async noteWatch(session: string, userId: string): Promise<void> {
    await rememberWatch(this.ctx.storage, session, userId);
  }

  /** One user, at most MAX_SOCKETS_PER_USER sockets: the oldest make room (a forgotten tab, a leak). */
  private closeOldestBeyondCap(): void {
    const open = this.ctx
      .getWebSockets()
      .filter((socket) => socket.readyState === WebSocket.OPEN)
      .sort((a, b) => (attachmentOf(a)?.openedAt ?? 0) - (attachmentOf(b)?.openedAt ?? 0));
    for (const socket of open.slice(0, Math.max(0, open.length - MAX_SOCKETS_PER_USER))) {
      closeQuietly(socket, CLOSE_TOO_MANY_SOCKETS, 'too many open sockets');
    }
  }

  async webSocketMessage(socket: WebSocket, message: string | ArrayBuffer): Promise<void> {
    // `ping` is auto-answered by the runtime without waking us; the protocol is otherwise one-way.
    // Anything else is a broken or hostile client: we never answer frame for frame (20,000
    // garbage frames once got 20,000 replies), and we close at the first one rather than count
    // (a counter would need an attachment write per frame). Reconnecting costs the client a
    // cookie check and a D1 read at the edge, so a flood pays for itself.
    if (message !== PING) closeQuietly(socket, CLOSE_POLICY_VIOLATION, 'only "ping" may be sent');
  }

  async webSocketClose(socket: WebSocket, code: number, reason: string): Promise<void> {
    try {
      socket.close(code === 1005 ? 1000 : code, reason);
    } catch {
      // already closed
    }
  }

  async webSocketError(socket: WebSocket): Promise<void> {
    try {
      socket.close(1011, 'error');
    } catch {
      // already closed
    }
  }
}
