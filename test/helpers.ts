// Helpers for workerd tests: requests through the real Worker (SELF), accounts, D1 reads.
import { createExecutionContext, createScheduledController, env, SELF, waitOnExecutionContext } from 'cloudflare:test';
import { scheduled } from '../worker/cron';
import { createDb } from '../worker/db/client';
import { ignoreCommits } from '../worker/ledger/commit';
import { grant } from '../worker/ledger/spending';

export const ORIGIN = 'http://127.0.0.1:8787';

export interface Account {
  id: string;
  email: string;
  cookie: string;
}

let counter = 0;
export function uniqueEmail(prefix = 'user'): string {
  counter++;
  return `${prefix}-${counter}-${crypto.randomUUID().slice(0, 8)}@example.com`;
}

/** A request to the Worker as a same-origin browser would send it. */
export function api(
  path: string,
  init: { method?: string; body?: unknown; cookie?: string; headers?: Record<string, string> } = {},
): Promise<Response> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
  if (init.cookie) headers.cookie = init.cookie;
  if (init.method && init.method !== 'GET' && !('origin' in headers)) headers.origin = ORIGIN;
  // `origin: ''` means "send no Origin at all" (Stripe, curl, a server).
  if (headers.origin === '') delete headers.origin;
  return SELF.fetch(`${ORIGIN}${path}`, {
    method: init.method ?? 'GET',
    headers,
    body: init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
  });
}

export function sessionCookie(res: Response): string {
  const header = res.headers.get('set-cookie') ?? '';
  const match = /cc_session=([^;]*)/.exec(header);
  if (!match?.[1]) throw new Error(`no session cookie in ${header}`);
  return `cc_session=${match[1]}`;
}

export async function signUp(email = uniqueEmail(), password = 'correct horse battery'): Promise<Account> {
  const res = await api('/api/auth/signup', { method: 'POST', body: { email, password } });
  if (res.status !== 201) throw new Error(`signup failed: ${res.status} ${await res.text()}`);
  const { user } = (await res.json()) as { user: { id: string; email: string } };
  return { ...user, cookie: sessionCookie(res) };
}

/** The drizzle client over the test's D1, for calling the ledger directly. */
export const testDb = () => createDb(env.DB);

/** Gives a user credits the way an operator would: a `grant` lot through the ledger (never SQL). */
export async function grantCredits(
  userId: string,
  amount: number,
  key: string = crypto.randomUUID(),
  expiresAt: number | null = null,
) {
  const result = await grant(testDb(), ignoreCommits, {
    userId,
    amount,
    reason: 'test grant',
    idempotencyKey: key,
    expiresAt,
  });
  if (result.outcome !== 'granted') throw new Error(`grant failed: ${result.outcome}`);
  return result;
}

export async function balanceOf(userId: string): Promise<{ credits: number; version: number }> {
  const row = await env.DB.prepare('SELECT credits, version FROM users WHERE id = ?')
    .bind(userId)
    .first<{ credits: number; version: number }>();
  if (!row) throw new Error(`no user ${userId}`);
  return row;
}

export interface LedgerRow {
  id: number;
  delta: number;
  balance_after: number;
  version: number;
  kind: string;
  reference: string;
  idempotency_key: string;
}

export async function ledgerRows(userId: string): Promise<LedgerRow[]> {
  const { results } = await env.DB.prepare(
    'SELECT id, delta, balance_after, version, kind, reference, idempotency_key FROM ledger_entries WHERE user_id = ? ORDER BY id',
  )
    .bind(userId)
    .all<LedgerRow>();
  return results;
}

/**
 * The invariants behind every money test: the balance is the sum of the ledger (and each entry's
 * balance_after its running sum), every lot's remaining is within 0..amount, the lots hold
 * MAX(balance, 0), and each lot's remaining is what opened it plus its draws.
 */
export async function expectLedgerConsistent(userId: string): Promise<number> {
  const [{ credits }, rows] = await Promise.all([balanceOf(userId), ledgerRows(userId)]);
  const lots = await lotsOf(userId);
  for (const lot of lots) {
    if (lot.remaining < 0 || lot.remaining > lot.amount)
      throw new Error(`lot ${lot.id} remaining ${lot.remaining} outside 0..${lot.amount}`);
  }
  const inLots = lots.reduce((s, l) => s + l.remaining, 0);
  if (inLots !== Math.max(credits, 0)) throw new Error(`lots hold ${inLots} but the balance is ${credits}`);
  const sum = rows.reduce((s, r) => s + r.delta, 0);
  if (sum !== credits) throw new Error(`ledger sums to ${sum} but balance is ${credits}`);
  rows.forEach((r, i) => {
    const running = rows.slice(0, i + 1).reduce((s, x) => s + x.delta, 0);
    if (r.balance_after !== running) throw new Error(`entry ${r.id} balance_after ${r.balance_after} != ${running}`);
  });
  return credits;
}

export interface LotRow {
  id: number;
  source: string;
  amount: number;
  remaining: number;
  expires_at: number | null;
  entry_id: number | null;
  reference: string;
}

/** Every lot of the user, oldest first (including empty and expired ones). */
export async function lotsOf(userId: string): Promise<LotRow[]> {
  const { results } = await env.DB.prepare(
    'SELECT id, source, amount, remaining, expires_at, entry_id, reference FROM lots WHERE user_id = ? ORDER BY id',
  )
    .bind(userId)
    .all<LotRow>();
  return results;
}

/** One run of the scheduled handler (worker/cron.ts) for `cron` at `scheduledTime`, its background work awaited. */
export async function runScheduled(cron: string, scheduledTime = Date.now(), appEnv: Env = env): Promise<void> {
  const ctx = createExecutionContext();
  await scheduled(createScheduledController({ scheduledTime, cron }), appEnv, ctx);
  await waitOnExecutionContext(ctx);
}
