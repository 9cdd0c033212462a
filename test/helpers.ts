// Helpers for workerd tests: requests through the real Worker (SELF), accounts, D1 reads.
import { env, SELF } from 'cloudflare:test';

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

/** Gives a user credits through the ledger's trigger, as an `adjustment` entry. */
export async function grantCredits(userId: string, amount: number, key = crypto.randomUUID()) {
  await env.DB.prepare(
    `INSERT INTO ledger_entries (user_id, delta, balance_after, version, kind, reference, idempotency_key)
     SELECT id, ?1, credits + ?1, version + 1, 'adjustment', 'test grant', ?2 FROM users WHERE id = ?3`,
  )
    .bind(amount, `grant:${key}`, userId)
    .run();
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

/** The invariant behind every money test: the balance is the sum of the ledger. */
export async function expectLedgerConsistent(userId: string): Promise<number> {
  const [{ credits }, rows] = await Promise.all([balanceOf(userId), ledgerRows(userId)]);
  const sum = rows.reduce((s, r) => s + r.delta, 0);
  if (sum !== credits) throw new Error(`ledger sums to ${sum} but balance is ${credits}`);
  rows.forEach((r, i) => {
    const running = rows.slice(0, i + 1).reduce((s, x) => s + x.delta, 0);
    if (r.balance_after !== running) throw new Error(`entry ${r.id} balance_after ${r.balance_after} != ${running}`);
  });
  return credits;
}
