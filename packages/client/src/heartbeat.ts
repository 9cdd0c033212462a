// Keeps a live socket honest: a `ping` every few seconds with a deadline for any answer, and the
// browser's online/offline events. A socket can look open long after the network is gone (no close
// event comes), so without this the indicator would say live while nothing arrives.
import { PING } from '../../../worker/live/protocol';
import { HEARTBEAT_EVERY_MS, HEARTBEAT_TIMEOUT_MS } from './live-status';

export interface ConnectionWatch {
  /** A frame arrived (a pong, a balance, a job): the connection is alive. */
  heard(): void;
  stop(): void;
}

export interface ConnectionEvents {
  /** A ping went unanswered for HEARTBEAT_TIMEOUT_MS. */
  missed(): void;
  offline(): void;
  online(): void;
}

/** Where the browser's `online`/`offline` events come from (window; a fake in tests). */
export type NetworkEvents = Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;

/** Starts the heartbeat on `socket` and listens to the browser's network events until `stop()`. */
export function watchConnection(
  socket: { isOpen(): boolean; send(data: string): void },
  network: NetworkEvents | undefined,
  on: ConnectionEvents,
): ConnectionWatch {
  let pongTimer: ReturnType<typeof setTimeout> | undefined;
  const heard = () => {
    clearTimeout(pongTimer);
    pongTimer = undefined;
  };
  // The Durable Object's runtime answers `ping` without waking the object: next to free for the server.
  const pingTimer = setInterval(() => {
    if (!socket.isOpen() || pongTimer !== undefined) return;
    socket.send(PING);
    pongTimer = setTimeout(() => {
      pongTimer = undefined;
      on.missed();
    }, HEARTBEAT_TIMEOUT_MS);
  }, HEARTBEAT_EVERY_MS);
  const offline = () => on.offline();
  const online = () => {
    heard();
    on.online();
  };
  network?.addEventListener('offline', offline);
  network?.addEventListener('online', online);
  return {
    heard,
    stop() {
      clearInterval(pingTimer);
      heard();
      network?.removeEventListener('offline', offline);
      network?.removeEventListener('online', online);
    },
  };
}
