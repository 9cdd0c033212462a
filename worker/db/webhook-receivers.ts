// Which webhook endpoints receive events, in SQL, defined once below both users: worker/webhooks/
// (the table's owner: drains to them) and the ledger's outbox (only asks whether any receives, so
// a deployment no app subscribed pays almost nothing), which may not import upward.
import { sql } from 'drizzle-orm';

/** A webhook_endpoints row that receives events: neither deleted nor disabled. */
export const RECEIVING = sql`deleted_at IS NULL AND disabled_at IS NULL`;

/** Some endpoint receives events. */
export const RECEIVER_EXISTS = sql`EXISTS (SELECT 1 FROM webhook_endpoints WHERE ${RECEIVING})`;
