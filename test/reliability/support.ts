// Shared pieces of the reliability suite: the seed (so every random run can be replayed),
// a bounded-concurrency runner, direct `app.fetch` calls with an injectable D1 failure, fast
// accounts for property runs, and small D1 readers scoped to what a test created.
import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { createSession } from '../../worker/accounts/sessions';
import { createDb } from '../../worker/db/client';
import { app } from '../../worker/index';
import { ORIGIN, uniqueEmail } from '../helpers';
import { signature } from '../stripe-helpers';

// ---------------------------------------------------------------------------------------------
// Seeds

/**
 * The seed for a randomised test: `VITE_RELIABILITY_SEED=<n> npx vitest run …` replays a run
 * (Vite exposes VITE_* variables to the test isolate as import.meta.env); otherwise a fresh one.
 */
export function reliabilitySeed(): number {
  const fixed = (import.meta as unknown as { env?: Record<string, string | undefined> }).env?.VITE_RELIABILITY_SEED;
  if (fixed !== undefined && fixed !== '') return Number(fixed) >>> 0;
  return (Math.random() * 2 ** 32) >>> 0;
}

export const replayHint = (file: string, seed: number) =>
  `${file}: seed ${seed} — replay with VITE_RELIABILITY_SEED=${seed} npx vitest run --project worker test/reliability/${file}`;

// The PRNG is the repository's one (tools/random.ts), re-exported where the suite has always found it.
export { type Prng, prng } from '../../tools/random';

// ---------------------------------------------------------------------------------------------
// Concurrency

/** Runs tasks pulled from a shared queue with at most `limit` in flight. The queue may grow. */
export async function drain<T>(queue: T[], limit: number, run: (item: T) => Promise<void>): Promise<void> {
  const worker = async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await run(item);
  };
  // A task may push follow-ups (retries) while the workers drain, so keep going until it is empty.
  while (queue.length > 0) await Promise.all(Array.from({ length: limit }, worker));
}

// ---------------------------------------------------------------------------------------------
// The Worker, called in this isolate

/**
 * Calls the Worker's fetch handler (`app.fetch`, what the default export serves) in this isolate.
 * Used for every high-volume part of the suite instead of SELF: under vitest-pool-workers each
 * SELF.fetch gets slower the more a workerd instance has served (cloudflare/workers-sdk#15446;
 * measured here: 2 ms → 100+ ms per call after ~300 calls), while app.fetch stays flat. It also
 * lets a test hand the Worker a doctored `env`.
 */
export async function callApp(request: Request, appEnv: Env = env): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await app.fetch(request, appEnv, ctx);
  // The live publish runs in waitUntil: let it finish, so nothing leaks into the next call.
  await waitOnExecutionContext(ctx);
  return res;
}

/**
 * The statement appended to every batch of a failing D1. It fails when it *executes* (a NOT NULL
 * constraint), after the batch's real statements ran, so D1 has to roll them back.
 */
export const INJECTED_FAILURE_SQL =
  "INSERT INTO stripe_events (id, type, object_id) VALUES ('reliability-injected-failure', 'x', NULL)";

/**
 * A D1 that counts its batches and, when `down`, fails every one as a database outage in the
 * middle of fulfilment would. The count tells a test whether a request reached the database.
 */
export function instrumentedDb(down: boolean, db: D1Database = env.DB) {
  let batches = 0;
  const proxy = new Proxy(db, {
    get(target, prop) {
      if (prop === 'batch') {
        return (statements: D1PreparedStatement[]) => {
          batches++;
          return target.batch(down ? [...statements, target.prepare(INJECTED_FAILURE_SQL)] : statements);
        };
      }
      const value = Reflect.get(target, prop);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { db: proxy, batches: () => batches };
}

export const failingBatchDb = (db: D1Database = env.DB): D1Database => instrumentedDb(true, db).db;

export const envWithFailingDb = (): Env => ({ ...env, DB: failingBatchDb() });

export function webhookRequest(payload: string | Uint8Array, headers: HeadersInit = {}): Request {
  return new Request(`${ORIGIN}/api/v1/webhooks/stripe`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...Object.fromEntries(new Headers(headers)) },
    body: payload,
  });
}

/** Delivers an event as Stripe does (raw JSON, fresh signature), straight to the app. */
export async function deliverDirect(evt: unknown, appEnv: Env = env): Promise<Response> {
  const payload = typeof evt === 'string' ? evt : JSON.stringify(evt);
  return callApp(webhookRequest(payload, { 'stripe-signature': await signature(payload) }), appEnv);
}

/** A JSON API request as the site sends it (same origin), straight to the app. */
export function apiDirect(
  path: string,
  init: { method?: string; body?: string; cookie?: string; headers?: Record<string, string> } = {},
): Promise<Response> {
  const headers: Record<string, string> = { origin: ORIGIN, ...init.headers };
  if (init.cookie) headers.cookie = init.cookie;
  return callApp(new Request(`${ORIGIN}${path}`, { method: init.method ?? 'GET', headers, body: init.body }));
}

export const INTERNAL_ERROR = {
  error: { code: 'internal_error', message: 'Something went wrong. Please try again.' },
};

export const UNAUTHORIZED = { error: { code: 'unauthorized', message: 'Sign in to continue.' } };

// ---------------------------------------------------------------------------------------------
// Accounts without the cost of a password hash (property runs create many)

/**
 * A user row plus a real session (the same createSession the login route uses). The password
 * hash is a placeholder: these accounts never log in, they only carry a cookie.
 */
export async function quickAccount(): Promise<{ id: string; email: string; cookie: string }> {
  const id = crypto.randomUUID();
  const email = uniqueEmail('quick');
  await env.DB.prepare("INSERT INTO users (id, email, password_hash) VALUES (?, ?, 'not-a-login')")
    .bind(id, email)
    .run();
  const token = await createSession(createDb(env.DB), id);
  return { id, email, cookie: `cc_session=${token}` };
}

// ---------------------------------------------------------------------------------------------
// Reading D1

export async function count(sql: string, ...params: unknown[]): Promise<number> {
  const row = await env.DB.prepare(sql)
    .bind(...params)
    .first<{ n: number }>();
  return row!.n;
}

/** `?, ?, ?` for an IN list. */
export const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');

/** Everything a money test could disturb, for a set of users: balances and their sessions. */
export async function moneySnapshot(userIds: string[]) {
  const users = await env.DB.prepare(
    `SELECT id, credits, version FROM users WHERE id IN (${placeholders(userIds.length)}) ORDER BY id`,
  )
    .bind(...userIds)
    .all();
  const sessions = await env.DB.prepare(
    `SELECT id, status, amount_refunded, payment_intent FROM checkout_sessions
     WHERE user_id IN (${placeholders(userIds.length)}) ORDER BY id`,
  )
    .bind(...userIds)
    .all();
  return {
    users: users.results,
    sessions: sessions.results,
    ledgerEntries: await count('SELECT COUNT(*) AS n FROM ledger_entries'),
    stripeEvents: await count('SELECT COUNT(*) AS n FROM stripe_events'),
    checkoutSessions: await count('SELECT COUNT(*) AS n FROM checkout_sessions'),
    userRows: await count('SELECT COUNT(*) AS n FROM users'),
  };
}

/** Every argument of every captured console call, as one line of text. */
export function capturedLines(calls: unknown[][]): string[] {
  return calls.map((args) => args.map((a) => (typeof a === 'string' ? a : (JSON.stringify(a) ?? String(a)))).join(' '));
}
