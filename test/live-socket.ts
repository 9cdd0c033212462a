// A live-balance WebSocket opened through the real Worker (SELF), collecting every frame.
import { SELF } from 'cloudflare:test';
import { expect } from 'vitest';
import type { BalanceMessage } from '../worker/live/protocol';
import { type Account, ORIGIN } from './helpers';

/** An open socket that collects every frame it receives. */
export interface LiveSocket {
  ws: WebSocket;
  frames: string[];
  /** The balance messages received (waitFor counts these). */
  messages: () => BalanceMessage[];
  waitFor: (count: number, timeoutMs?: number) => Promise<BalanceMessage[]>;
}

export async function connect(
  account: Pick<Account, 'cookie'>,
  headers: Record<string, string> = {},
  path = '/api/balance/live',
): Promise<LiveSocket> {
  const res = await SELF.fetch(`${ORIGIN}${path}`, {
    headers: { upgrade: 'websocket', cookie: account.cookie, origin: ORIGIN, ...headers },
  });
  expect(res.status).toBe(101);
  const ws = res.webSocket!;
  ws.accept();
  const frames: string[] = [];
  ws.addEventListener('message', (e) => frames.push(String(e.data)));
  // Balance messages only: the same socket also carries job and subscription messages, read from `frames`.
  const messages = () =>
    frames
      .filter((f) => f.startsWith('{'))
      .map((f) => JSON.parse(f) as BalanceMessage)
      .filter((m) => m.type === 'balance');
  return {
    ws,
    frames,
    messages,
    async waitFor(count, timeoutMs = 2000) {
      const deadline = Date.now() + timeoutMs;
      while (messages().length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} messages, got ${JSON.stringify(frames)}`);
        await new Promise((r) => setTimeout(r, 5));
      }
      return messages();
    },
  };
}
