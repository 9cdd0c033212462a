// Render jobs: the Studio's story of a render. Creating one reserves its maximum cost as a hold
// (worker/ledger/holds.ts), records the job and hands it to the render farm; the farm reports
// progress here and settles the hold itself through the service API (capture what it cost, or
// release on failure). Progress only moves forward, and a finished job never changes again.
import { sql } from 'drizzle-orm';
import { runBatch } from '../db/batch';
import type { Db } from '../db/client';
import { isoDates, type Stored } from '../db/dates';
import type { OnCommit } from '../ledger/commit';
import { type Hold, reserveHold } from '../ledger/holds';
import type { Job, JobStatus } from '../vocabulary/jobs';

export type { Job };

import { maxCost, type Resolution, type VideoLength } from './pricing';

/** A render's hold lives this long; the farm's longest job takes seconds, so this is generous. */
const JOB_HOLD_TTL_SECONDS = 900;

/** A job's columns under its view's names; `userId` is the owner's, kept for the live push. */
const JOB_COLUMNS = sql`id, user_id AS userId, hold_id AS holdId, prompt, seconds, resolution, max_cost AS maxCost,
  status, progress, cost, error, created_at AS createdAt, updated_at AS updatedAt`;

type JobRow = Stored<Job, 'createdAt' | 'updatedAt'> & { userId: string };

const toJob = ({ userId, ...job }: JobRow): Job => isoDates(job, 'createdAt', 'updatedAt');

export interface NewJob {
  userId: string;
  prompt: string;
  seconds: VideoLength;
  resolution: Resolution;
  idempotencyKey: string;
}

export type CreateJobResult =
  | { outcome: 'created' | 'replayed'; job: Job & { userId: string }; hold: Hold; credits: number }
  | { outcome: 'insufficient' }
  | { outcome: 'key_conflict' };

/** Reserves the job's maximum cost and records the job (the same key again: the same job). */
export async function createJob(db: Db, onCommit: OnCommit, input: NewJob, now = Date.now()): Promise<CreateJobResult> {
  const cost = maxCost(input.seconds, input.resolution);
  const reserved = await reserveHold(
    db,
    onCommit,
    {
      userId: input.userId,
      amount: cost,
      reason: `Render ${input.seconds} s ${input.resolution}: ${input.prompt.slice(0, 80)}`,
      idempotencyKey: `studio:${input.idempotencyKey}`,
      ttlSeconds: JOB_HOLD_TTL_SECONDS,
      // The farm settles it through /api/v1; the user must not capture 0 of a render in progress.
      owner: 'app',
    },
    now,
  );
  if (reserved.outcome === 'insufficient') return { outcome: 'insufficient' };
  if (reserved.outcome === 'key_conflict') return { outcome: 'key_conflict' };
  // One job per hold: the id comes from the hold's, so a replay finds the same row.
  const jobId = `job_${reserved.hold.id.slice('hold_'.length)}`;
  const [, rows] = await runBatch<JobRow>(db, [
    sql`INSERT INTO render_jobs (id, user_id, hold_id, prompt, seconds, resolution, max_cost, created_at, updated_at)
        VALUES (${jobId}, ${input.userId}, ${reserved.hold.id}, ${input.prompt}, ${input.seconds}, ${input.resolution},
          ${cost}, ${now}, ${now})
        ON CONFLICT (id) DO NOTHING`,
    sql`SELECT ${JOB_COLUMNS} FROM render_jobs WHERE id = ${jobId}`,
  ]);
  const row = rows?.[0] as JobRow;
  return {
    outcome: reserved.outcome === 'reserved' ? 'created' : 'replayed',
    job: { ...toJob(row), userId: row.userId },
    hold: reserved.hold,
    credits: reserved.credits,
  };
}

export async function listJobs(db: Db, userId: string, limit = 50): Promise<Job[]> {
  const rows = await db.all<JobRow>(
    sql`SELECT ${JOB_COLUMNS} FROM render_jobs WHERE user_id = ${userId} ORDER BY created_at DESC, id DESC LIMIT ${limit}`,
  );
  return rows.map(toJob);
}

export interface Progress {
  status: Exclude<JobStatus, 'queued'>;
  progress: number;
  cost?: number;
  error?: string;
}

/**
 * Records a report from the farm. Progress never goes back and a finished job never changes: a
 * repeated or late report answers the job as it is. Returns null for an unknown job.
 */
export async function recordProgress(
  db: Db,
  jobId: string,
  report: Progress,
  now = Date.now(),
): Promise<{ job: Job; userId: string; changed: boolean } | null> {
  const progress = report.status === 'done' ? 100 : report.progress;
  const [updated, rows] = await runBatch<JobRow>(db, [
    sql`UPDATE render_jobs SET status = ${report.status}, progress = MAX(progress, ${progress}),
          -- The cost is what the hold's capture took (the ledger is the truth), else what was reported.
          cost = ${report.status === 'done' ? sql`COALESCE((SELECT h.captured FROM holds h WHERE h.id = render_jobs.hold_id AND h.status = 'captured'), ${report.cost ?? null})` : null},
          error = ${report.status === 'failed' ? (report.error ?? 'The render failed.') : null}, updated_at = ${now}
        WHERE id = ${jobId} AND status NOT IN ('done', 'failed')
          AND (status <> ${report.status} OR progress < ${progress} OR ${report.status} IN ('done', 'failed'))
        RETURNING id`,
    sql`SELECT ${JOB_COLUMNS} FROM render_jobs WHERE id = ${jobId}`,
  ]);
  const row = rows?.[0];
  if (!row) return null;
  return { job: toJob(row), userId: row.userId, changed: (updated?.length ?? 0) > 0 };
}

/** Marks a job failed before the farm ever saw it (the farm was unreachable). */
export async function failUnstarted(db: Db, jobId: string, error: string, now = Date.now()) {
  return recordProgress(db, jobId, { status: 'failed', progress: 0, error }, now);
}
