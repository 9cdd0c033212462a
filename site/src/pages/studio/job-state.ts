// The Studio's job list as a pure reducer: the GET /api/studio/jobs answer merged with live job messages.
import type { Job } from '../../../../worker/live/protocol';
import { maxCost, type Resolution, type VideoLength } from '../../../../worker/studio/pricing';
import { FINAL_JOB_STATUSES } from '../../../../worker/vocabulary/jobs';

const isFinal = (job: Job) => FINAL_JOB_STATUSES.includes(job.status);

/** Whether `next` is newer news than `current` about the same job (a late frame never rolls a job back). */
export function isNewer(current: Job, next: Job): boolean {
  if (isFinal(current)) return false;
  if (isFinal(next)) return true;
  if (next.status === 'rendering' && current.status === 'queued') return true;
  if (next.status === 'queued' && current.status === 'rendering') return false;
  return next.progress > current.progress || (next.progress === current.progress && next.updatedAt > current.updatedAt);
}

/** Returns the list with `job` merged in (newest first); returns `jobs` itself when `job` is stale. */
export function mergeJob(jobs: readonly Job[], job: Job): readonly Job[] {
  const index = jobs.findIndex((j) => j.id === job.id);
  const current = jobs[index];
  if (!current) return [...jobs, job].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  if (!isNewer(current, job)) return jobs;
  const next = [...jobs];
  next[index] = job;
  return next;
}

/** Merges a fresh server list with what the socket already told us (a job may have moved on since). */
export function mergeJobs(jobs: readonly Job[], fresh: readonly Job[]): readonly Job[] {
  return fresh.reduce<readonly Job[]>((list, job) => mergeJob(list, job), jobs);
}

/** What a finished job did to the balance: captured its cost and returned the rest, or returned everything. */
export function settlement(job: Job): { captured: number; returned: number } | null {
  if (job.status === 'done') {
    const captured = job.cost ?? 0;
    return { captured, returned: Math.max(job.maxCost - captured, 0) };
  }
  if (job.status === 'failed') return { captured: 0, returned: job.maxCost };
  return null;
}

/** The price shown before Generate: the most this render can cost (what is reserved). */
export function priceFor(seconds: VideoLength, resolution: Resolution): number {
  return maxCost(seconds, resolution);
}
