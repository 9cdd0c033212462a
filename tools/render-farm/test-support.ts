// A stub of the Worker's service API for the farm's tests: records every call (path, key, body) and
// answers capture, release and progress as the Worker would, or with faults a test queues up.
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import { Hono } from 'hono';

export interface RecordedCall {
  path: string;
  authorization: string | undefined;
  body: Record<string, unknown>;
  status: number;
}

export interface StubWorker {
  url: string;
  calls: RecordedCall[];
  /** Answers the next calls whose path ends with `suffix` with these statuses, in order. */
  failNext(suffix: string, ...statuses: number[]): void;
  close(): Promise<void>;
}

export async function startStubWorker(): Promise<StubWorker> {
  const calls: RecordedCall[] = [];
  const faults: { suffix: string; status: number }[] = [];
  const app = new Hono().post('/api/v1/*', async (c) => {
    const body = (await c.req.json().catch(() => ({}))) as Record<string, unknown>;
    const fault = faults.findIndex((f) => c.req.path.endsWith(f.suffix));
    const status = fault >= 0 ? faults.splice(fault, 1)[0]!.status : 200;
    calls.push({ path: c.req.path, authorization: c.req.header('authorization'), body, status });
    if (status !== 200)
      return c.json({ error: { code: 'stub_fault', message: 'A fault the test asked for.' } }, status as 500);
    if (c.req.path.endsWith('/capture'))
      return c.json({ hold: { status: 'captured', captured: body.amount }, credits: 1 });
    if (c.req.path.endsWith('/release')) return c.json({ hold: { status: 'released', captured: 0 }, credits: 1 });
    return c.json({ ok: true });
  });
  const server = createAdaptorServer({ fetch: app.fetch });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', () => ready()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    failNext: (suffix, ...statuses) => faults.push(...statuses.map((status) => ({ suffix, status }))),
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        if ('closeAllConnections' in server) server.closeAllConnections();
      }),
  };
}
