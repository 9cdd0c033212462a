// BalanceRoom: one Durable Object per user that fans every balance change out to that user's open
// sockets. Uses the WebSocket Hibernation API, so idle sockets cost nothing; nothing it needs after
// waking lives in instance fields (hibernation wipes them): the sockets come from getWebSockets()
// and the last version sent from durable storage.
import { DurableObject } from 'cloudflare:workers';
import { type BalanceMessage, PING, PONG } from './protocol';

/** The Worker passes the D1 snapshot (credits, version) in this header when forwarding a socket. */
export const SNAPSHOT_HEADER = 'x-balance-snapshot';
/** …and the id of the session that opened it (its token hash), so logout can close its sockets. */
export const SESSION_HEADER = 'x-balance-session';
const LATEST_KEY = 'latest';

/** Open sockets per user; connecting one more closes the oldest. */
export const MAX_SOCKETS_PER_USER = 50;
export const CLOSE_SESSION_ENDED = 4001;
export const CLOSE_TOO_MANY_SOCKETS = 4002;
/** RFC 6455 "policy violation": the client sent something other than `ping`. */
export const CLOSE_POLICY_VIOLATION = 1008;

/** Kept on each socket with serializeAttachment: it survives hibernation, instance fields don't. */
interface SocketAttachment {
  session: string;
  openedAt: number;
}

export class BalanceRoom extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    // Answered by the runtime itself: a heartbeat never wakes the object.
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair(PING, PONG));
  }

  /** Accepts an (already authenticated) WebSocket upgrade and sends the snapshot first. */
  async fetch(request: Request): Promise<Response> {
    const snapshot = JSON.parse(request.headers.get(SNAPSHOT_HEADER) ?? 'null') as {
      credits: number;
      version: number;
    } | null;
    if (!snapshot) return new Response('missing snapshot', { status: 400 });

    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server);
    server.serializeAttachment({
      session: request.headers.get(SESSION_HEADER) ?? '',
      openedAt: Date.now(),
    } satisfies SocketAttachment);
    this.closeOldestBeyondCap();
    // A change may have been pushed after the Worker read D1: never start a client behind it.
    const latest = await this.latest();
    const first: BalanceMessage =
      latest && latest.version > snapshot.version
        ? { type: 'balance', credits: latest.credits, version: latest.version }
        : { type: 'balance', credits: snapshot.credits, version: snapshot.version };
    server.send(JSON.stringify(first));
    return new Response(null, { status: 101, webSocket: client });
  }

  /**
   * Sends a committed change to every open socket, unless a newer version was already sent
   * (two changes can publish out of order). Returns how many sockets it reached.
   */
  async publish(message: BalanceMessage): Promise<number> {
    const latest = await this.latest();
    if (latest && latest.version >= message.version) return 0;
    // allowUnconfirmed: don't hold the frames below behind the write's confirmation (the output
    // gate). Losing this write in a crash only lets an older version through once, which every
    // client ignores anyway.
    await this.ctx.storage.put(
      LATEST_KEY,
      { credits: message.credits, version: message.version },
      { allowUnconfirmed: true },
    );
    const frame = JSON.stringify(message);
    let reached = 0;
    for (const socket of this.ctx.getWebSockets()) {
      try {
        socket.send(frame);
        reached++;
      } catch {
        // A socket that is closing; its close handler cleans up.
      }
    }
    return reached;
  }

  /** The highest version this room has sent (survives hibernation and restarts). */
  async latest(): Promise<{ credits: number; version: number } | undefined> {
    return this.ctx.storage.get<{ credits: number; version: number }>(LATEST_KEY);
  }

  /** Logout: closes every socket the ended session opened. Returns how many. */
  async closeSession(session: string): Promise<number> {
    let closed = 0;
    for (const socket of this.ctx.getWebSockets()) {
      if (attachmentOf(socket)?.session !== session) continue;
      closeQuietly(socket, CLOSE_SESSION_ENDED, 'session ended');
      closed++;
    }
    return closed;
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

function attachmentOf(socket: WebSocket): SocketAttachment | null {
  return socket.deserializeAttachment() as SocketAttachment | null;
}

function closeQuietly(socket: WebSocket, code: number, reason: string): void {
  try {
    socket.close(code, reason);
  } catch {
    // already closed
  }
}
