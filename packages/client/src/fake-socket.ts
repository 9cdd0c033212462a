// Test doubles for the client's node tests: a WebSocket the test drives (open, frames, closes) and
// records (every socket made, every frame sent). Not part of the bundle.
import type { SocketLike } from './socket';

type Listener = (event: never) => void;

export class FakeSocket implements SocketLike {
  static made: FakeSocket[] = [];
  readyState = 0;
  sent: string[] = [];
  closedByClient = false;
  private listeners = new Map<string, Listener[]>();

  constructor(readonly url: string) {
    FakeSocket.made.push(this);
  }

  static latest(): FakeSocket {
    const socket = FakeSocket.made.at(-1);
    if (!socket) throw new Error('no socket made yet');
    return socket;
  }

  addEventListener(type: string, listener: Listener): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  send(data: string): void {
    this.sent.push(data);
  }

  close(): void {
    this.closedByClient = true;
    this.readyState = 3;
  }

  /** The server accepted the upgrade. */
  open(): void {
    this.readyState = 1;
    this.emit('open', {});
  }

  /** A frame from the server (objects are sent as JSON). */
  receive(frame: unknown): void {
    this.emit('message', { data: typeof frame === 'string' ? frame : JSON.stringify(frame) });
  }

  /** The server (or the network) closed it; before `open()` this is a refused connection. */
  serverClose(code = 1006, reason = ''): void {
    this.readyState = 3;
    this.emit('close', { code, reason });
  }

  private emit(type: string, event: object): void {
    for (const listener of this.listeners.get(type) ?? []) (listener as (e: object) => void)(event);
  }
}

/** A snapshot or change frame as the BalanceRoom sends it. */
export const balanceFrame = (credits: number, version: number, change?: { kind: string; delta: number }) => ({
  type: 'balance',
  credits,
  held: 0,
  expiring: null,
  version,
  ...(change ? { change: { ...change, reference: `ref_${version}` } } : {}),
});
