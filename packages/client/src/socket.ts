// One WebSocket that keeps itself open: connects, and after a close or a connect that hangs tries
// again with exponential backoff (1 s, 2 s, 4 s … 15 s), until closed. Written here rather than
// taken from a library so the client has no runtime dependencies; what it must get right: listeners
// of a replaced socket are ignored, no reconnect after close(), an attempt that never opens times out.
import { pollDelay } from './balance-rules';

/** The part of the browser's WebSocket this client uses (a fake in tests). */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open' | 'message' | 'close' | 'error', listener: (event: never) => void): void;
}

export type SocketFactory = new (url: string) => SocketLike;

/** WebSocket.OPEN: a fake need not define the constant. */
const OPEN = 1;
/** An attempt that has not opened by then is abandoned and retried (a server or proxy that hangs). */
export const CONNECT_TIMEOUT_MS = 10_000;

export interface SocketEvents {
  open(): void;
  message(data: unknown): void;
  /** The socket closed (`opened`: whether it had opened); return false to stop for good. */
  close(code: number, reason: string, opened: boolean): boolean;
}

export interface ReconnectingSocket {
  isOpen(): boolean;
  send(data: string): void;
  /** Drops the current socket (its events ignored from now on) and connects again at once. */
  reconnect(): void;
  close(): void;
}

/** Starts connecting at once; `url` is asked before every attempt (a token may have to be fetched). */
export function reconnectingSocket(
  url: () => Promise<string>,
  WebSocketImpl: SocketFactory,
  on: SocketEvents,
): ReconnectingSocket {
  let current: SocketLike | null = null;
  let closed = false;
  let failures = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let attempt = 0;

  const retryLater = () => {
    clearTimeout(timer);
    if (!closed) timer = setTimeout(connect, pollDelay(failures++));
  };

  const drop = () => {
    const ws = current;
    current = null; // first: its close event must not count
    clearTimeout(timer);
    try {
      ws?.close();
    } catch {
      // a socket still connecting may refuse; it is forgotten either way
    }
  };

  async function connect(): Promise<void> {
    const mine = ++attempt;
    let address: string;
    try {
      address = await url();
    } catch {
      if (mine === attempt) retryLater(); // no token (the app's endpoint failed): try again later
      return;
    }
    if (closed || mine !== attempt) return;
    const ws = new WebSocketImpl(address);
    current = ws;
    let opened = false;
    timer = setTimeout(() => {
      if (current !== ws || opened) return;
      drop();
      // 1006, as a browser reports a connection that never opened.
      if (on.close(1006, 'connect timeout', false)) retryLater();
    }, CONNECT_TIMEOUT_MS);
    ws.addEventListener('open', () => {
      if (current !== ws) return;
      opened = true;
      failures = 0;
      clearTimeout(timer);
      on.open();
    });
    ws.addEventListener('message', (event: MessageEvent) => {
      if (current === ws) on.message(event.data);
    });
    ws.addEventListener('close', (event: CloseEvent) => {
      if (current !== ws) return;
      current = null;
      clearTimeout(timer);
      if (on.close(event.code, event.reason, opened)) retryLater();
    });
  }

  void connect();
  return {
    isOpen: () => current?.readyState === OPEN,
    send(data) {
      if (current?.readyState === OPEN) current.send(data);
    },
    reconnect() {
      if (closed) return;
      drop();
      failures = 0;
      void connect();
    },
    close() {
      closed = true;
      attempt++;
      drop();
    },
  };
}
