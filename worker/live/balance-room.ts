// BalanceRoom: one Durable Object per user that fans every balance change out to that user's open
// sockets, and wakes (alarm) at the user's next deadline to sweep expired lots and holds on time.
// Uses the WebSocket Hibernation API, so idle sockets cost nothing; nothing it needs after waking
// lives in instance fields (hibernation wipes them): the sockets come from getWebSockets(), the
// last message sent and the user id from durable storage. The class only wires; its parts are
// sockets.ts (attachments, cap, fan-out), versions.ts (what was sent), deadlines.ts (the alarm
// clock), room-alarm.ts (what the alarm does), auto-topup-trigger.ts and watchers.ts.
import { DurableObject } from 'cloudflare:workers';
import { createDb } from '../db/client';
import { configureLowBalanceDefault } from '../ledger/outbox';
import { currentSubscription } from '../subscriptions/store';
import { configure as configureTopup, noteBalance } from './auto-topup-trigger';
import { armBy, rememberUser } from './deadlines';
import { subscriptionMessage, type UserUpdate } from './messages';
import { type BalanceMessage, type JobMessage, PING, PONG } from './protocol';
import { ring } from './room-alarm';
import {
  attachmentFrom,
  broadcast,
  CLOSE_POLICY_VIOLATION,
  closeEnded,
  closeOldestBeyondCap,
  closeQuietly,
  SNAPSHOT_HEADER,
} from './sockets';
import { firstFrame, lastSent, takeFresh } from './versions';
import { closeWatchedRooms, rememberWatch, WATCH_CHECK_MS, WATCHER_HEADER } from './watchers';

// Still importable from here, where routes/live.ts, admin/watch.ts and the tests have always taken
// them: the split moved where they are defined, not who may use them.
export { MAX_ALARM_AHEAD_MS } from './deadlines';
export { CLOSE_SESSION_ENDED } from './protocol';
export {
  CLOSE_POLICY_VIOLATION,
  CLOSE_TOO_MANY_SOCKETS,
  KEY_HEADER,
  MAX_SOCKETS_PER_USER,
  SESSION_HEADER,
  SNAPSHOT_HEADER,
} from './sockets';

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
    server.serializeAttachment(attachmentFrom(request.headers, watcher, Date.now()));
    closeOldestBeyondCap(this.ctx.getWebSockets());
    // A watcher is re-checked by the alarm (see watchers.ts).
    if (watcher) await this.armBy(Date.now() + WATCH_CHECK_MS);
    // A change may have been pushed after the Worker read D1: never start a client behind it.
    server.send(JSON.stringify(await firstFrame(this.ctx.storage, snapshot)));
    return new Response(null, { status: 101, webSocket: client });
  }

  /**
   * Sends a user's committed changes to every open socket, skipping any version already sent (two
   * commits can publish out of order), and arms the alarm for the user's next deadline. Returns
   * how many frames it sent.
   */
  async publish(update: UserUpdate): Promise<number> {
    await rememberUser(this.ctx.storage, update);
    const fresh = await takeFresh(this.ctx.storage, update.messages);
    if (fresh.length === 0) return 0;
    let sent = 0;
    for (const message of fresh) sent += broadcast(this.ctx.getWebSockets(), JSON.stringify(message));
    // Auto top-up: an O(1) check here; the charge runs in the alarm, off every caller's path.
    const last = fresh.at(-1);
    if (last && (await noteBalance(this.ctx.storage, last.credits, Date.now()))) await this.armBy(Date.now());
    return sent;
  }

  /** The user's auto top-up settings changed: the threshold (null: off). When on, checks at once. */
  async configureAutoTopup(userId: string, threshold: number | null): Promise<void> {
    await rememberUser(this.ctx.storage, { userId, nextDeadline: null });
    if (await configureTopup(this.ctx.storage, threshold)) await this.armBy(Date.now());
  }

  /** Arms the alarm for `deadline` (at most MAX_ALARM_AHEAD_MS ahead) unless it is armed to wake sooner. */
  async armBy(deadline: number): Promise<void> {
    await armBy(this.ctx.storage, deadline);
  }

  /** The user's next deadline (or a watcher re-check, or a due top-up) has come: see room-alarm.ts. */
  async alarm(): Promise<void> {
    await ring({ ctx: this.ctx, env: this.env, publish: (update) => this.publish(update) });
  }

  /** Sends a Studio job's change to every open socket (not versioned: the job carries its own state). */
  async publishJob(message: JobMessage): Promise<number> {
    return broadcast(this.ctx.getWebSockets(), JSON.stringify(message));
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
      return broadcast(this.ctx.getWebSockets(), JSON.stringify(subscriptionMessage(subscription)));
    });
    this.subscriptionReads = sent.catch(() => undefined);
    return sent;
  }

  /** The last message this room has sent (survives hibernation and restarts). */
  async latest(): Promise<BalanceMessage | undefined> {
    return lastSent(this.ctx.storage);
  }

  /**
   * Logout: closes every socket the ended session opened, here and (for an operator) in the rooms
   * it was watching. Returns how many.
   */
  async closeSession(session: string): Promise<number> {
    const closed = closeEnded(this.ctx.getWebSockets(), (a) => a?.session === session);
    return closed + (await closeWatchedRooms(this.ctx.storage, this.env, session));
  }

  /**
   * Ends the sockets browser tokens opened: those minted by `keyId` (the key was revoked), or every
   * one (the user closed their account). Returns how many.
   */
  async closeTokenSockets(keyId?: string): Promise<number> {
    return closeEnded(this.ctx.getWebSockets(), (a) => !!a?.key && (keyId === undefined || a.key === keyId));
  }

  /** In the operator's own room: remembers that `session` watches `userId`, for closeSession. */
  async noteWatch(session: string, userId: string): Promise<void> {
    await rememberWatch(this.ctx.storage, session, userId);
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
    // 1005 ("no status") may not be sent back: answer the close as a normal one.
    closeQuietly(socket, code === 1005 ? 1000 : code, reason);
  }

  async webSocketError(socket: WebSocket): Promise<void> {
    closeQuietly(socket, 1011, 'error');
  }
}
