// The app's side of webhooks out, in the bench client: a node:http receiver that verifies each
// delivery with the `standardwebhooks` package (as an app would), answers 200, and records when
// each `credits.purchased` arrived and under which webhook-id.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Webhook } from 'standardwebhooks';
import { Arrivals } from './arrivals';

/** One verified delivery as the receiver saw it. */
export interface Arrival {
  webhookId: string;
  sessionId: string;
  /** performance.now() when the receiver had verified it and answered 200. */
  at: number;
}

/** The receiver: verifies, records, answers 200; waiters resolve when a session's event arrives. */
export class Receiver {
  readonly arrivals: Arrival[] = [];
  badSignatures = 0;
  /** Each session's first `credits.purchased`, for `wait`. */
  private readonly bySession = new Arrivals();
  private server: Server | undefined;
  private webhook: Webhook | undefined;

  async listen(): Promise<string> {
    this.server = createServer((req, res) => {
      void readBody(req).then((body) => {
        const at = this.accept(body, req.headers as Record<string, string>);
        res.writeHead(at === null ? 400 : 200).end();
      });
    });
    // The bench's requests are many and small: keep the connection the Worker opens.
    this.server.keepAliveTimeout = 30_000;
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/creditcast`;
  }

  useSecret(secret: string) {
    this.webhook = new Webhook(secret);
  }

  private accept(body: string, headers: Record<string, string>): number | null {
    let event: { type: string; data: { sessionId?: string } };
    try {
      event = this.webhook!.verify(body, headers) as typeof event;
    } catch {
      this.badSignatures++;
      return null;
    }
    const at = performance.now();
    const sessionId = event.data.sessionId;
    if (event.type !== 'credits.purchased' || !sessionId) return at;
    this.arrivals.push({ webhookId: headers['webhook-id']!, sessionId, at });
    this.bySession.note(sessionId, at);
    return at;
  }

  wait(sessionId: string, timeoutMs: number): Promise<number | null> {
    return this.bySession.wait(sessionId, timeoutMs);
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (!this.server) return resolve();
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}
