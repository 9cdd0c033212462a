// A render job's statuses, defined once: queued → rendering → done (cost captured) or failed (hold released).
export const JOB_STATUSES = ['queued', 'rendering', 'done', 'failed'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
export const FINAL_JOB_STATUSES: readonly JobStatus[] = ['done', 'failed'];
