// The render farm, as the Worker sees it: one call to hand it a job (RENDER_FARM_URL). Everything
// after that comes back through the service API (progress reports, capture or release).
import type { Job } from './jobs';

export interface FarmJob {
  jobId: string;
  userId: string;
  holdId: string;
  seconds: number;
  resolution: string;
  maxCost: number;
  fail?: boolean;
}

export async function submitToFarm(
  env: Pick<Env, 'RENDER_FARM_URL'>,
  job: Job & { userId: string },
  fail?: boolean,
): Promise<boolean> {
  const base = env.RENDER_FARM_URL;
  if (!base) return false;
  const body: FarmJob = {
    jobId: job.id,
    userId: job.userId,
    holdId: job.holdId,
    seconds: job.seconds,
    resolution: job.resolution,
    maxCost: job.maxCost,
    ...(fail ? { fail: true } : {}),
  };
  try {
    const res = await fetch(new URL('/jobs', base), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(5_000),
    });
    return res.ok;
  } catch (err) {
    console.error(JSON.stringify({ msg: 'render_farm_unreachable', jobId: job.id, error: String(err) }));
    return false;
  }
}
