// The Studio page's calls (/api/studio/jobs), beside the one client (api.ts) but in their own module: only the
// Studio's chunk carries them, with the error sentences only they can meet.
import { type CreatedJob, type JobRequest, type Ok, type Routes, request } from './api';
import { areaErrorMessages } from './error-messages';

areaErrorMessages({
  en: () => import('./studio-error-messages.en'),
  zh: () => import('./studio-error-messages.zh'),
});

export const studioApi = {
  /** Reserves the render's maximum cost and hands it to the render farm (402 insufficient_credits, 503 render_farm_unavailable). */
  createJob: (body: JobRequest) => request<CreatedJob>('POST', '/api/studio/jobs', body),
  jobs: () => request<Ok<Routes['studio']['jobs']['$get']>>('GET', '/api/studio/jobs').then((r) => r.jobs),
};
