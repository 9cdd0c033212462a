// Who the service API acts for and as: the user in the path (404 user_not_found when unknown or
// closed) and the API key, named in an audit row beside every money move it makes. A key acts for
// every user (there are no per-user scopes), so the audit log is how an operator sees what it did.
import type { Context } from 'hono';
import type { ApiKey } from '../accounts/api-keys';
import { isClosed, isOpenAccount } from '../accounts/closed';
import { type AccountView, findAccount } from '../accounts/users';
import { auditIfChanged } from '../audit/log';
import type { AppEnv } from '../env';
import { notFound } from '../errors';

export const userNotFound = () => notFound('user_not_found', 'No such user.');

/** The audit log's actor for a key: its name (what an operator recognises) and its id (what is unique). */
export const keyActor = (key: Pick<ApiKey, 'id' | 'name'>) => `key:${key.name} (${key.id})`;

/**
 * The idempotency space of the service API's own moves (grants): `api:` + the caller's key, so no
 * key a backend sends can equal one the console's adjustments make (`admin:` + the operator's key).
 */
export const serviceKey = (idempotencyKey: string) => `api:${idempotencyKey}`;

/** A found account in the public shape; a closed account is nobody to the service API. */
export async function openAccount(
  c: Context<AppEnv>,
  by: { id: string } | { email: string } | { externalId: string },
): Promise<Omit<AccountView, 'version'> | null> {
  const found = await findAccount(c.var.db, by);
  if (!found || isClosed(found)) return null;
  const { version: _, ...view } = found;
  return view;
}

/** The user in the path, or 404 user_not_found (unknown or closed). */
export async function pathAccount(c: Context<AppEnv>) {
  const account = await openAccount(c, { id: c.req.param('userId') ?? '' });
  if (!account) throw userNotFound();
  return account;
}

/** The key acting on `userId`, as holdActions and the spend take it: every move writes its audit row. */
export function asKey(c: Context<AppEnv>, userId: string) {
  const actor = keyActor(c.var.apiKey);
  return {
    as: 'app' as const,
    audit: (action: string, detail: Record<string, unknown>) =>
      auditIfChanged({ actor, action, target: userId, detail }),
  };
}

/** Acts on the user in the path (404 user_not_found first) as the key: how each of the key's moves starts. */
export async function forPathUser<T>(
  c: Context<AppEnv>,
  act: (userId: string, as: ReturnType<typeof asKey>) => T,
): Promise<Awaited<T>> {
  // Whether the user is there and open, not their money: the move reads the balance in its own batch.
  const id = c.req.param('userId') ?? '';
  if (!(await isOpenAccount(c.var.db, id))) throw userNotFound();
  return await act(id, asKey(c, id));
}
