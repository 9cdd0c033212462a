// Render jobs: the body the Worker posts, how long a render takes and what it costs, and the runner
// that renders (a timer), reports progress, and at the end captures the cost or releases the hold.
import { createHash } from 'node:crypto';
import * as z from 'zod';
import type { ServiceClient } from './service-client';

export const RESOLUTIONS = { '480p': 1, '720p': 2, '1080p': 4 } as const;

export const jobBody = z.object({
  jobId: z.string().min(1).max(100),
  userId: z.string().min(1).max(100),
  holdId: z.string().min(1).max(100),
  seconds: z.number().int().positive().max(600),
  resolution: z.enum(Object.keys(RESOLUTIONS) as [keyof typeof RESOLUTIONS]),
  maxCost: z.number().int().nonnegative(),
  fail: z.boolean().optional(),
});
export type JobRequest = z.infer<typeof jobBody>;

export interface Job extends JobRequest {
  status: 'queued' | 'rendering' | 'done' | 'failed';
  progress: number;
  cost?: number;
  error?: string;
  /** Set when a capture, release or final report could not be delivered (given up). */
  undelivered?: string;
  createdAt: string;
}

/** 100 ms per second of video at 480p, ×2 at 720p, ×4 at 1080p; divided by the speed factor. */
export function renderMs(job: Pick<JobRequest, 'seconds' | 'resolution'>, speed = 1): number {
  return (job.seconds * 100 * RESOLUTIONS[job.resolution]) / speed;
}

/** What a render really cost: 70–100 % of maxCost, fixed by the job id's hash (so tests can predict it). */
export function actualCost(jobId: string, maxCost: number): number {
  const share = 0.7 + (0.3 * (createHash('sha256').update(jobId).digest().readUInt32BE(0) % 1001)) / 1000;
  return Math.min(maxCost, Math.round(maxCost * share));
}

export interface RunnerOptions {
  client: ServiceClient;
  speed: number;
  failureRate: number;
  concurrency: number;
  random: () => number;
  log: (line: string) => void;
}

const PROGRESS_EVERY_MS = 500;
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

export class JobRunner {
  readonly jobs = new Map<string, Job>();
  private readonly waiting: Job[] = [];
  private running = 0;
  private readonly active = new Set<Promise<void>>();

  constructor(private readonly opts: RunnerOptions) {}

  /**
   * Queues a job and returns its state as of now (`queued`, before a free slot starts it); a job id
   * seen before is not queued again (the Worker may retry its POST).
   */
  submit(request: JobRequest): Job {
    const known = this.jobs.get(request.jobId);
    if (known) return { ...known };
    const job: Job = { ...request, status: 'queued', progress: 0, createdAt: new Date().toISOString() };
    this.jobs.set(job.jobId, job);
    this.waiting.push(job);
    const snapshot = { ...job };
    this.pump();
    return snapshot;
  }

  /** Resolves when every job started so far has finished (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.active.size > 0) await Promise.all([...this.active]);
  }

  private pump(): void {
    while (this.running < this.opts.concurrency && this.waiting.length > 0) {
      const job = this.waiting.shift()!;
      this.running++;
      const run: Promise<void> = this.render(job)
        .catch((error: unknown) => this.opts.log(`render-farm: job ${job.jobId} crashed: ${String(error)}`))
        .finally(() => {
          this.running--;
          this.active.delete(run);
          this.pump();
        });
      this.active.add(run);
    }
  }

  private progressPath(job: Job) {
    return `/api/v1/jobs/${encodeURIComponent(job.jobId)}/progress`;
  }

  private async render(job: Job): Promise<void> {
    const { client, speed } = this.opts;
    const total = renderMs(job, speed);
    // A failing render dies halfway, after showing some progress.
    const fails = job.fail === true || this.opts.random() < this.opts.failureRate;
    const until = fails ? total / 2 : total;
    job.status = 'rendering';
    const started = Date.now();
    for (;;) {
      const elapsed = Date.now() - started;
      job.progress = Math.min(99, Math.floor((elapsed / total) * 100));
      await client.postOnce(this.progressPath(job), { status: 'rendering', progress: job.progress });
      const left = until - (Date.now() - started);
      if (left <= 0) break;
      await sleep(Math.min(left, PROGRESS_EVERY_MS / speed));
    }
    if (fails) await this.fail(job, 'The render failed (simulated GPU fault).');
    else await this.finish(job);
  }

  private holdPath(job: Job, action: 'capture' | 'release') {
    return `/api/v1/users/${encodeURIComponent(job.userId)}/holds/${encodeURIComponent(job.holdId)}/${action}`;
  }

  private async finish(job: Job): Promise<void> {
    const cost = actualCost(job.jobId, job.maxCost);
    const captured = await this.opts.client.post(this.holdPath(job, 'capture'), { amount: cost });
    if (!captured.ok) {
      const why = 'gaveUp' in captured ? `gave up: ${captured.lastError}` : `${captured.status} ${captured.code}`;
      this.opts.log(`render-farm: job ${job.jobId}: capture of ${cost} failed (${why})`);
      // The credits were not taken: say so, so the user is not left watching a finished render.
      job.status = 'failed';
      job.error = `Capturing the cost failed (${why}).`;
      if ('gaveUp' in captured) job.undelivered = 'capture';
      await this.report(job, { status: 'failed', progress: job.progress, error: job.error });
      return;
    }
    job.status = 'done';
    job.progress = 100;
    job.cost = cost;
    this.opts.log(`render-farm: job ${job.jobId} done, captured ${cost} of ${job.maxCost}`);
    await this.report(job, { status: 'done', progress: 100, cost });
  }

  private async fail(job: Job, error: string): Promise<void> {
    job.status = 'failed';
    job.error = error;
    const released = await this.opts.client.post(this.holdPath(job, 'release'), {});
    if (!released.ok) {
      const why = 'gaveUp' in released ? `gave up: ${released.lastError}` : `${released.status} ${released.code}`;
      this.opts.log(`render-farm: job ${job.jobId}: release failed (${why}); the hold expires by itself`);
      if ('gaveUp' in released) job.undelivered = 'release';
    } else {
      this.opts.log(`render-farm: job ${job.jobId} failed, hold released`);
    }
    await this.report(job, { status: 'failed', progress: job.progress, error });
  }

  private async report(job: Job, body: Record<string, unknown>): Promise<void> {
    const sent = await this.opts.client.post(this.progressPath(job), body);
    if (!sent.ok) {
      const why = 'gaveUp' in sent ? `gave up: ${sent.lastError}` : `${sent.status} ${sent.code}`;
      this.opts.log(`render-farm: job ${job.jobId}: final report "${String(body.status)}" not delivered (${why})`);
      job.undelivered ??= 'report';
    }
  }
}
