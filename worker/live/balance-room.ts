// BalanceRoom: one Durable Object per user that fans every balance change out to that user's open
// sockets. Uses the WebSocket Hibernation API, so idle sockets cost nothing; nothing it needs after
// waking lives in instance fields (hibernation wipes them): the sockets come from getWebSockets()
// and the last version sent from durable storage.
import { DurableObject } from 'cloudflare:workers';
import { type BalanceMessage, PING, PONG } from './protocol';

/** The Worker passes the D1 snapshot (credits, version) in this header when forwarding a socket. */
export const SNAPSHOT_HEADER = 'x-balance-snapshot';
const LATEST_KEY = 'latest';

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

  async webSocketMessage(socket: WebSocket, message: string | ArrayBuffer): Promise<void> {
    // `ping` is auto-answered without waking us; a client that sends anything else is told the
    // protocol is one-way.
    if (message !== PING) socket.send(JSON.stringify({ type: 'error', message: 'read-only socket' }));
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
