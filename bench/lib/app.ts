// The app as a client sees it: users with session cookies, real checkouts through the API, paying
// them on the emulator without webhooks, and delivering the signed events ourselves, as Stripe does.
import { createHmac } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { type HttpResult, http, json, pool } from './http';
import { progress } from './stats';

export interface User {
  id: string;
  email: string;
  cookie: string;
}

export interface Purchase {
  user: User;
  sessionId: string;
  /** The recorded `checkout.session.completed` event, serialised as Stripe sends it. */
  payload: string;
}

export interface BalanceFrame {
  type: string;
  credits: number;
  version: number;
  change?: { kind: string; delta: number; reference: string };
}

export class AppClient {
  private seq = 0;
  constructor(
    readonly origin: string,
    readonly emulatorUrl: string,
    private readonly webhookSecret: string,
    private readonly runId = Date.now().toString(36),
  ) {}

  async signup(): Promise<User> {
    const email = `bench-${this.runId}-${++this.seq}@example.test`;
    const res = await http(`${this.origin}/api/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: 'bench-password-1234' }),
    });
    if (res.status !== 201) throw new Error(`signup -> ${res.status} ${res.body}`);
    const setCookie = [res.headers['set-cookie'] ?? []].flat();
    const cookie = setCookie.map((c) => c.split(';')[0]!).find((c) => c.startsWith('cc_session='));
    if (!cookie) throw new Error('signup set no cc_session cookie');
    const { user } = JSON.parse(res.body) as { user: { id: string } };
    return { id: user.id, email, cookie };
  }

  /** A real Checkout Session through the API, paid on the emulator with its webhooks held back. */
  async paidCheckout(user: User): Promise<string> {
    const { sessionId } = await json<{ sessionId: string }>(
      `${this.origin}/api/checkout`,
      { method: 'POST', headers: { cookie: user.cookie }, body: JSON.stringify({ packId: 'starter' }) },
      201,
    );
    await json(`${this.emulatorUrl}/_emulator/checkout/sessions/${sessionId}/pay`, {
      method: 'POST',
      body: JSON.stringify({ deliverWebhooks: false }),
    });
    return sessionId;
  }

  /** The emulator's recorded `checkout.session.completed` payloads, by session id. */
  async completedPayloads(): Promise<Map<string, string>> {
    const { events } = await json<{ events: { data: { object: { id: string } } }[] }>(
      `${this.emulatorUrl}/_emulator/events?type=checkout.session.completed`,
    );
    return new Map(events.map((e) => [e.data.object.id, JSON.stringify(e)]));
  }

  /** `Stripe-Signature` exactly as Stripe builds it: t=<unix>,v1=HMAC-SHA256(secret, "<t>.<payload>"). */
  sign(payload: string, timestamp = Math.floor(Date.now() / 1000)): string {
    const v1 = createHmac('sha256', this.webhookSecret).update(`${timestamp}.${payload}`, 'utf8').digest('hex');
    return `t=${timestamp},v1=${v1}`;
  }

  deliver(payload: string, opts: { fresh?: boolean } = {}): Promise<HttpResult> {
    return http(`${this.origin}/api/v1/webhooks/stripe`, {
      fresh: opts.fresh,
      method: 'POST',
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
        'stripe-signature': this.sign(payload),
      },
      body: payload,
    });
  }

  me(user: User): Promise<HttpResult> {
    return http(`${this.origin}/api/auth/me`, { headers: { cookie: user.cookie } });
  }

  health(opts: { fresh?: boolean } = {}): Promise<HttpResult> {
    return http(`${this.origin}/api/health`, { fresh: opts.fresh });
  }

  async ledger(user: User): Promise<{ delta: number; kind: string; reference: string }[]> {
    const entries: { delta: number; kind: string; reference: string }[] = [];
    let cursor: string | null = null;
    do {
      const page: { entries: typeof entries; nextCursor: string | null } = await json(
        `${this.origin}/api/credits/ledger?limit=100${cursor ? `&cursor=${cursor}` : ''}`,
        { headers: { cookie: user.cookie } },
      );
      entries.push(...page.entries);
      cursor = page.nextCursor;
    } while (cursor);
    return entries;
  }

  /** Opens the live balance socket as the site does (cookie + the app's Origin); resolves on the snapshot. */
  openLive(user: User, onFrame: (frame: BalanceFrame, at: number) => void): Promise<LiveSocket> {
    const url = `${this.origin.replace(/^http/, 'ws')}/api/balance/live`;
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, {
        headers: { cookie: user.cookie },
        origin: this.origin,
        perMessageDeflate: false,
      });
      let snapshot: BalanceFrame | undefined;
      const timer = setTimeout(() => {
        ws.terminate();
        reject(new Error('live socket: no snapshot within 10 s'));
      }, 10_000);
      ws.on('message', (data) => {
        const at = performance.now();
        const text = data.toString();
        if (text === 'pong') return;
        const frame = JSON.parse(text) as BalanceFrame;
        if (!snapshot) {
          snapshot = frame;
          clearTimeout(timer);
          resolve({ ws, snapshot, close: () => ws.close() });
          return;
        }
        onFrame(frame, at);
      });
      ws.on('unexpected-response', (_req, res) => {
        clearTimeout(timer);
        reject(new Error(`live socket: HTTP ${res.statusCode}`));
      });
      ws.on('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
    });
  }
}

export interface LiveSocket {
  ws: WebSocket;
  snapshot: BalanceFrame;
  close(): void;
}

/** Signs up `users` users and makes `perUser` paid checkouts for each, `limit` at a time. */
export async function preparePurchases(
  app: AppClient,
  users: number,
  perUser: number,
  limit: number,
  label: string,
): Promise<Purchase[][]> {
  const made = await pool(users, limit, async () => app.signup(), progress(`${label}: sign-ups`, 50, users));
  const total = users * perUser;
  const sessions = await pool(
    total,
    limit,
    (i) => app.paidCheckout(made[i % users]!),
    progress(`${label}: checkouts created and paid`, 100, total),
  );
  const payloads = await app.completedPayloads();
  return made.map((user, u) =>
    sessions
      .filter((_, i) => i % users === u)
      .map((sessionId) => {
        const payload = payloads.get(sessionId);
        if (!payload) throw new Error(`no checkout.session.completed recorded for ${sessionId}`);
        return { user, sessionId, payload };
      }),
  );
}
