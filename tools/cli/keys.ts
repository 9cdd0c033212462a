// `npm run keys -- create <name> [--origin <origin>]… [--remote]` prints a new service API key once;
// `list` shows the keys and their origins (never a secret); `origins <name> [--origin <origin>]…`
// replaces an active key's origins; `revoke <name>` stops one at once. Local D1 by default.
// (A key revoked here stops working at once, but only the console's revoke can reach the Durable
// Objects to end its open browser-token sockets: see docs/security.md.)

import { hashApiKey, newApiKey } from '../../worker/accounts/key-format';
import { checkOrigins } from '../../worker/apps/origins';
import { type D1Target, d1, fail, literal, parseArgs } from './d1';

const NAME = /^[A-Za-z0-9][A-Za-z0-9 _.-]{0,63}$/;

/** The origins of an active key, as worker/apps/key-origins.ts writes them (only if the key exists). */
const originRows = (keyId: string, origins: string[]) =>
  `INSERT INTO api_key_origins (key_id, origin) SELECT ${literal(keyId)}, value FROM json_each(${literal(JSON.stringify(origins))}) WHERE EXISTS (SELECT 1 FROM api_keys WHERE id = ${literal(keyId)} AND revoked_at IS NULL) ON CONFLICT DO NOTHING`;

/** Makes a key named `name` (with its audit row); null when an active key has that name. */
export async function createKey(
  target: D1Target,
  name: string,
  origins: string[] = [],
): Promise<{ id: string; secret: string } | null> {
  const key = await newApiKey();
  // One wrangler call: the audit row is written only if the key row was (its id is fresh and random).
  const [inserted] = d1(target, [
    `INSERT INTO api_keys (id, name, hash, created_at) VALUES (${literal(key.id)}, ${literal(name)}, ${literal(key.hash)}, ${Date.now()}) ON CONFLICT DO NOTHING RETURNING id`,
    `INSERT INTO audit_log (actor, action, target, detail) SELECT 'cli', 'key.create', ${literal(key.id)}, ${literal(JSON.stringify({ name, origins }))} WHERE EXISTS (SELECT 1 FROM api_keys WHERE id = ${literal(key.id)})`,
    originRows(key.id, origins),
  ]);
  if (!inserted?.length) return null;
  return { id: key.id, secret: key.secret };
}

/** Revokes the active key named `name` (with its audit row); false when there is none. */
export function revokeKey(target: D1Target, name: string): boolean {
  // The audit row and the revocation in one call, the row first (it sees the key still active).
  const [, revoked = []] = d1(target, [
    `INSERT INTO audit_log (actor, action, target, detail) SELECT 'cli', 'key.revoke', id, ${literal(JSON.stringify({ name }))} FROM api_keys WHERE name = ${literal(name)} AND revoked_at IS NULL`,
    `UPDATE api_keys SET revoked_at = ${Date.now()} WHERE name = ${literal(name)} AND revoked_at IS NULL RETURNING id`,
  ]);
  return revoked.length > 0;
}

/** Replaces the origins of the active key named `name` (with its audit row); false when there is none. */
export function setOrigins(target: D1Target, name: string, origins: string[]): boolean {
  const [found = []] = d1(target, [`SELECT id FROM api_keys WHERE name = ${literal(name)} AND revoked_at IS NULL`]);
  const id = found[0]?.id;
  if (typeof id !== 'string') return false;
  d1(target, [
    `DELETE FROM api_key_origins WHERE key_id = ${literal(id)}`,
    originRows(id, origins),
    `INSERT INTO audit_log (actor, action, target, detail) VALUES ('cli', 'key.origins', ${literal(id)}, ${literal(JSON.stringify({ origins }))})`,
  ]);
  return true;
}

/** `--origin <o>` (or `--origin=<o>`), any number of times, taken out of argv and checked. */
export function takeOrigins(argv: string[]): { rest: string[]; origins: string[] } {
  const rest: string[] = [];
  const given: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--origin') given.push(argv[++i] ?? '');
    else if (arg.startsWith('--origin=')) given.push(arg.slice('--origin='.length));
    else rest.push(arg);
  }
  const checked = checkOrigins(given);
  if (checked.outcome === 'invalid') fail(`--origin: ${checked.message}`);
  return { rest, origins: checked.origins };
}

/** Whether `secret` is an active key (its hash is stored and not revoked). */
export async function keyIsActive(target: D1Target, secret: string): Promise<boolean> {
  const [rows = []] = d1(target, [
    `SELECT id FROM api_keys WHERE hash = ${literal(await hashApiKey(secret))} AND revoked_at IS NULL`,
  ]);
  return rows.length > 0;
}

export async function main(argv: string[]): Promise<void> {
  const { rest, origins } = takeOrigins(argv);
  const { words, target } = parseArgs(rest);
  const [command, name] = words;
  switch (command) {
    case 'create': {
      if (!name || !NAME.test(name))
        fail(
          'usage: npm run keys -- create <name> [--origin <origin>]… [--remote]  (name: letters, digits, space _ . -; 64 at most)',
        );
      const key = await createKey(target, name, origins);
      if (!key) fail(`An active key named "${name}" exists already: revoke it first, or pick another name.`);
      const where = origins.length > 0 ? ` for ${origins.join(', ')}` : '';
      console.log(`Created API key "${name}" (${key.id})${where}. It is shown only now:\n\n${key.secret}\n`);
      return;
    }
    case 'origins': {
      if (!name) fail('usage: npm run keys -- origins <name> [--origin <origin>]… [--remote]');
      if (!setOrigins(target, name, origins)) fail(`No active key named "${name}".`);
      console.log(
        `"${name}" now serves ${origins.length > 0 ? origins.join(', ') : 'no origin (server-to-server only)'}.`,
      );
      return;
    }
    case 'list': {
      const [rows = []] = d1(target, [
        `SELECT id, name, created_at, last_used_at, revoked_at,
          (SELECT group_concat(origin, ' ') FROM api_key_origins o WHERE o.key_id = api_keys.id) AS origins
         FROM api_keys ORDER BY created_at`,
      ]);
      const when = (ms: unknown) => (typeof ms === 'number' ? new Date(ms).toISOString() : '-');
      for (const r of rows) {
        console.log(
          `${r.id}\t${r.name}\tcreated ${when(r.created_at)}\tlast used ${when(r.last_used_at)}${r.revoked_at ? `\trevoked ${when(r.revoked_at)}` : ''}\torigins ${r.origins ?? '-'}`,
        );
      }
      if (rows.length === 0) console.log('No API keys yet: npm run keys -- create <name>');
      return;
    }
    case 'revoke': {
      if (!name) fail('usage: npm run keys -- revoke <name> [--remote]');
      if (!revokeKey(target, name)) fail(`No active key named "${name}".`);
      console.log(`Revoked "${name}": it stops working at once.`);
      return;
    }
    default:
      fail(
        'usage: npm run keys -- create <name> [--origin <origin>]… | list | origins <name> [--origin …]… | revoke <name>  [--remote]',
      );
  }
}

// Run directly (npm run keys), not when imported by a test.
if (import.meta.url === `file://${process.argv[1]}`) await main(process.argv.slice(2));
