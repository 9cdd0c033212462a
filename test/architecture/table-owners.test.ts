// One owner per table (docs/architecture.md), checked where it was broken: only worker/subscriptions/
// writes subscription_invoices (the ledger's moves read it, and take the owner's statements to
// batch), and webhook_endpoints is named only by its owner, worker/webhooks/, and by the shared
// fragment below both it and the ledger (worker/db/webhook-receivers.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, sourceFiles } from './import-graph';

const workerFiles = sourceFiles('worker').filter((f) => !f.startsWith('worker/db/schema.ts'));
const text = (file: string) => readFileSync(join(ROOT, file), 'utf8');

/** The files whose SQL matches `pattern`, outside the given folders or files. */
const outside = (pattern: RegExp, allowed: string[]) =>
  workerFiles.filter((f) => !allowed.some((a) => f.startsWith(a)) && pattern.test(text(f)));

describe('one owner per table', () => {
  it('writes subscription_invoices only from worker/subscriptions/', () => {
    const writes = /\b(INSERT\s+(OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM)\s+subscription_invoices\b/i;
    expect(outside(writes, ['worker/subscriptions/'])).toEqual([]);
  });

  it('names webhook_endpoints only in worker/webhooks/ and the shared receivers fragment', () => {
    expect(outside(/\bwebhook_endpoints\b/, ['worker/webhooks/', 'worker/db/webhook-receivers.ts'])).toEqual([]);
  });
});
