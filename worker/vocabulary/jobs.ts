// A render job as the API and the live socket show it, and its statuses, defined once:
// queued → rendering → done (cost captured) or failed (hold released). No database here: the site reads it too.
export const JOB_STATUSES = ['queued', 'rendering', 'done', 'failed'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
export const FINAL_JOB_STATUSES: readonly JobStatus[] = ['done', 'failed'];

export interface Job {
  id: string;
  prompt: string;
  seconds: number;
  resolution: string;
  maxCost: number;
  status: JobStatus;
  progress: number;
  cost: number | null;
  error: string | null;
  holdId: string;
  createdAt: string;
  updatedAt: string;
}
