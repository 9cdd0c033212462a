// Row 8 (issue 21, webhooks out): the delivery to the app's receiver against the live push measured
// with it, and the throughput of deliveries with 20 users purchasing at once; its row and details.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HOOKS_OUT, REPO, TARGETS } from '../config';
import { median, ms, percentile, ratio } from '../lib/stats';
import type { WebhooksOutResult } from '../phases/webhooks-out';
import type { Row } from './run-data';

export function webhooksOutRatio(r: WebhooksOutResult): number {
  return median(r.receiverMs) / median(r.pushMs);
}

function exactlyOnce(r: WebhooksOutResult): boolean {
  const t = r.through;
  return t.lost === 0 && t.duplicated === 0 && t.doubled === 0 && t.non2xx === 0 && t.delivered === t.purchases;
}

export function webhooksOutRow(r: WebhooksOutResult): Row {
  const t = r.through;
  const x = webhooksOutRatio(r);
  return {
    n: '8',
    name: `Webhooks out: purchase webhook start → the app's receiver verified \`credits.purchased\` and answered 200, vs the push, interleaved (${r.receiverMs.length} purchases); then ${t.users} users purchasing at once (${t.purchases} events)`,
    result:
      `receiver p50 ${ms(median(r.receiverMs))}, p95 ${ms(percentile(r.receiverMs, 95))}; push p50 ${ms(median(r.pushMs))}, p95 ${ms(percentile(r.pushMs, 95))}; **${ratio(x)}**; ` +
      `${t.perSecond.toFixed(0)} deliveries/s (${t.delivered} webhook-ids in ${t.seconds.toFixed(2)} s), lost ${t.lost}, received twice ${t.duplicated}, sessions with two events ${t.doubled}` +
      (r.latencyMissed ? `; ${r.latencyMissed} purchases missed a push or a delivery` : '') +
      (r.badSignatures ? `; ${r.badSignatures} deliveries failed verification` : ''),
    target: `receiver p50 ≤ ${TARGETS.receiverVsPush}× push p50; every event delivered once, none lost`,
    pass: x <= TARGETS.receiverVsPush && r.latencyMissed === 0 && r.badSignatures === 0 && exactlyOnce(r),
  };
}

export function webhooksOutDetails(r: WebhooksOutResult): string[] {
  const t = r.through;
  return [
    `**8. Webhooks out.** Run last, after every other live row: the receiver is a node:http server in the bench client (127.0.0.1, keep-alive), registered with \`POST /api/v1/webhook-endpoints\` (an API key made by \`npm run keys -- create\`, events \`credits.purchased\`; the stack allows loopback receivers, \`WEBHOOKS_ALLOW_PRIVATE=true\`) and deleted at the phase's end. **Rows 1–3, 6, 7 and 9 ran with no endpoint registered**, so their purchases wrote no outbox row and delivered nothing. It verifies each delivery with the \`standardwebhooks\` package and answers 200; the time taken is when it answers. Latency: one user, one open socket, ${r.receiverMs.length} purchases one at a time (after ${HOOKS_OUT.warmup} warm-up), each timed from the purchase webhook's start to its frame on the socket and to its delivery (both awaited before the next purchase). Path of a delivery: the event row commits in the purchase's own D1 batch; \`waitUntil\` drains the outbox onto the queue; the local queue hands messages to the consumer in batches (wrangler.toml: \`max_batch_size\`, \`max_batch_timeout\`), which signs and POSTs each. Throughput: ${t.users} users × ${HOOKS_OUT.perUser} purchases, every user sending its purchase webhooks one after another, all users at once; from the first webhook's start to the last event's arrival, ${t.seconds.toFixed(2)} s for ${t.delivered} distinct webhook-ids (${t.purchases} sessions; inbound non-200 ${t.non2xx}); the receiver listened 2 s more for late copies. Delivery p50 ${ms(median(r.receiverMs))} is ${ms(median(r.receiverMs) - median(r.pushMs))} after the push p50.`,
    '',
  ];
}

/** The webhooks queue's consumer settings as wrangler.toml has them (what the local queue obeys too). */
export function queueConsumer(): { maxBatchSize: string; maxBatchTimeout: string } {
  const toml = readFileSync(join(REPO, 'wrangler.toml'), 'utf8');
  const consumer = toml.slice(toml.indexOf('[[queues.consumers]]'));
  const get = (key: string) => consumer.match(new RegExp(`^${key}\\s*=\\s*(\\S+)`, 'm'))?.[1] ?? '?';
  return { maxBatchSize: get('max_batch_size'), maxBatchTimeout: get('max_batch_timeout') };
}
