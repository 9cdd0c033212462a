// An endpoint's life after creation: rotating its secret with an overlap (the old one keeps signing
// beside the new for 24 h, so the app can deploy the new secret without failing a delivery),
// disabling it by hand and enabling it again (which also forgets the failing run that disabled it).
// Each takes `also`: statements run right after the change in its batch (the console's audit row).
import { type SQL, sql } from 'drizzle-orm';
import { runBatch } from '../db/batch';
import type { Db } from '../db/client';
import { forgetEndpointsKnown } from './drain';
import { type Endpoint, type EndpointRow, newSecret, toEndpoint } from './endpoints';

export const ROTATION_OVERLAP_MS = 24 * 60 * 60 * 1000;

export type RotateOutcome =
  | { outcome: 'rotated'; secret: string; previousSecretUntil: string }
  | { outcome: 'not_found' };

/**
 * A new secret signs from now on; the one it replaces signs beside it until the overlap ends. A
 * second rotation within the overlap keeps only the secret it replaces (the newest the app was
 * given), so at most two signatures ever travel.
 */
export async function rotateSecret(db: Db, id: string, now = Date.now(), also: SQL[] = []): Promise<RotateOutcome> {
  const secret = newSecret();
  const until = now + ROTATION_OVERLAP_MS;
  const [rows] = await runBatch(db, [
    sql`UPDATE webhook_endpoints SET previous_secret = secret, previous_secret_until = ${until}, secret = ${secret}
        WHERE id = ${id} AND deleted_at IS NULL RETURNING id`,
    ...also,
  ]);
  if (!rows?.length) return { outcome: 'not_found' };
  return { outcome: 'rotated', secret, previousSecretUntil: new Date(until).toISOString() };
}

export type EndpointOutcome = { outcome: 'done'; endpoint: Endpoint } | { outcome: 'not_found' };

/**
 * Enables a disabled endpoint: deliveries resume from the next drain (events in between are not
 * replayed; resend one from the log), and its failing run starts again from zero. Enabling an
 * enabled endpoint changes nothing.
 */
export async function enableEndpoint(db: Db, id: string, also: SQL[] = []): Promise<EndpointOutcome> {
  const [[row]] = await runBatch<EndpointRow>(db, [
    sql`UPDATE webhook_endpoints SET disabled_at = NULL, disabled_reason = NULL, failing_since = NULL
        WHERE id = ${id} AND deleted_at IS NULL RETURNING *`,
    ...also,
  ]);
  if (!row) return { outcome: 'not_found' };
  forgetEndpointsKnown(); // this isolate's commits drain to it again at once
  return { outcome: 'done', endpoint: toEndpoint(row) };
}

/** Disables an endpoint by hand (the console): nothing more is sent until it is enabled. Keeps an earlier reason. */
export async function disableEndpoint(
  db: Db,
  id: string,
  reason: string,
  now = Date.now(),
  also: SQL[] = [],
): Promise<EndpointOutcome> {
  const [[row]] = await runBatch<EndpointRow>(db, [
    sql`UPDATE webhook_endpoints SET disabled_at = COALESCE(disabled_at, ${now}),
          disabled_reason = CASE WHEN disabled_at IS NULL THEN ${reason} ELSE disabled_reason END
        WHERE id = ${id} AND deleted_at IS NULL RETURNING *`,
    ...also,
  ]);
  if (!row) return { outcome: 'not_found' };
  forgetEndpointsKnown();
  return { outcome: 'done', endpoint: toEndpoint(row) };
}
