// The render farm's front door: startRenderFarm() wires the job runner to a small HTTP API
// (POST /jobs from the Worker, GET /jobs/{id} and /health for people and tests) and listens.
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import { Hono } from 'hono';
import { JobRunner, jobBody } from './jobs';
import { ServiceClient } from './service-client';

export interface RenderFarmOptions {
  /** A service API key (`cck_…`). Required; never logged. */
  apiKey: string;
  /** The Worker's origin, e.g. http://127.0.0.1:8787. */
  appUrl: string;
  /** 0 picks a free port. Default 12120. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Share of renders that fail at random (0..1). Default 0. */
  failureRate?: number;
  /** Renders run this many times faster (progress ticks too). Default 1. */
  speed?: number;
  /** Renders at once; the rest wait `queued`. Default 4. */
  concurrency?: number;
  /** How long capture, release and final reports are retried. Default 60 000. */
  giveUpAfterMs?: number;
  /** First retry delay, doubling. Default 250. */
  retryBaseMs?: number;
  random?: () => number;
  /** Default console.log. */
  log?: (line: string) => void;
}

export interface RunningRenderFarm {
  url: string;
  port: number;
  runner: JobRunner;
  close(): Promise<void>;
}

export const DEFAULT_PORT = 12120;

const error = (code: string, message: string) => ({ error: { code, message } });

export function renderFarmApp(runner: JobRunner): Hono {
  return new Hono()
    .get('/health', (c) => c.json({ ok: true }))
    .post('/jobs', async (c) => {
      let raw: unknown;
      try {
        raw = await c.req.json();
      } catch {
        return c.json(error('invalid_request', 'The body must be JSON.'), 400);
      }
      const parsed = jobBody.safeParse(raw);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        return c.json(error('invalid_request', `${issue?.path.join('.') || 'body'}: ${issue?.message}`), 400);
      }
      const job = runner.submit(parsed.data);
      return c.json({ jobId: job.jobId, status: job.status }, 202);
    })
    .get('/jobs/:id', (c) => {
      const job = runner.jobs.get(c.req.param('id'));
      return job ? c.json(job) : c.json(error('job_not_found', 'No such job.'), 404);
    })
    .notFound((c) => c.json(error('not_found', 'No such route.'), 404));
}

export async function startRenderFarm(opts: RenderFarmOptions): Promise<RunningRenderFarm> {
  if (!opts.apiKey) throw new Error('startRenderFarm: apiKey is required (RENDER_FARM_API_KEY)');
  const log = opts.log ?? ((line: string) => console.log(line));
  const client = new ServiceClient({
    appUrl: opts.appUrl.replace(/\/+$/, ''),
    apiKey: opts.apiKey,
    giveUpAfterMs: opts.giveUpAfterMs,
    retryBaseMs: opts.retryBaseMs,
  });
  const runner = new JobRunner({
    client,
    speed: opts.speed ?? 1,
    failureRate: opts.failureRate ?? 0,
    concurrency: opts.concurrency ?? 4,
    random: opts.random ?? Math.random,
    log,
  });
  const server = createAdaptorServer({ fetch: renderFarmApp(runner).fetch });
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((ready, fail) => {
    server.once('error', fail);
    server.listen(opts.port ?? DEFAULT_PORT, host, () => ready());
  });
  const port = (server.address() as AddressInfo).port;
  const reachable = host === '0.0.0.0' ? '127.0.0.1' : host;
  return {
    url: `http://${reachable}:${port}`,
    port,
    runner,
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        // The Worker's keep-alive sockets would hold close() open until they time out.
        if ('closeAllConnections' in server) server.closeAllConnections();
      }),
  };
}
