// The render loop without a browser, on the dev stack: a Studio job is reserved by the Worker, rendered
// by tools/render-farm, and settled by the farm through the service API with the key dev.sh made for it
// (capture on success, release on failure); the balance shows exactly that.
import { describe, expect, inject, it } from 'vitest';

const app = () => inject('appUrl');

interface Job {
  id: string;
  status: string;
  maxCost: number;
  cost: number | null;
  error: string | null;
}

async function signUpWith(credits: number): Promise<{ cookie: string; userId: string }> {
  const res = await fetch(`${app()}/api/auth/signup`, {
    method: 'POST',
    headers: { origin: app(), 'content-type': 'application/json' },
    body: JSON.stringify({ email: `farm-${crypto.randomUUID()}@example.com`, password: 'correct horse' }),
  });
  expect(res.status).toBe(201);
  const cookie = res.headers.get('set-cookie')?.split(';')[0] ?? '';
  const userId = ((await res.json()) as { user: { id: string } }).user.id;
  const grant = await fetch(`${app()}/api/v1/users/${userId}/grants`, {
    method: 'POST',
    headers: { authorization: `Bearer ${inject('serviceApiKey')}`, 'content-type': 'application/json' },
    body: JSON.stringify({ amount: credits, reason: 'e2e', idempotencyKey: `grant-${userId}` }),
  });
  expect(grant.status).toBe(201);
  return { cookie, userId };
}

async function startJob(cookie: string, fail: boolean): Promise<Job> {
  const res = await fetch(`${app()}/api/studio/jobs`, {
    method: 'POST',
    headers: { origin: app(), cookie, 'content-type': 'application/json' },
    body: JSON.stringify({
      prompt: 'a cat',
      seconds: 5,
      resolution: '480p',
      idempotencyKey: crypto.randomUUID(),
      fail,
    }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { job: Job }).job;
}

async function settled(cookie: string, id: string): Promise<Job> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const { jobs } = (await (await fetch(`${app()}/api/studio/jobs`, { headers: { cookie } })).json()) as {
      jobs: Job[];
    };
    const job = jobs.find((j) => j.id === id);
    if (job && (job.status === 'done' || job.status === 'failed')) return job;
    if (Date.now() > deadline) throw new Error(`job ${id} still ${job?.status} after 30 s`);
    await new Promise((done) => setTimeout(done, 200));
  }
}

const me = async (cookie: string) =>
  (await (await fetch(`${app()}/api/auth/me`, { headers: { cookie } })).json()) as { credits: number; held: number };

describe('the render farm on the dev stack', () => {
  it('renders a job and captures its cost (70-100 % of the hold); the rest returns', async () => {
    const { cookie } = await signUpWith(500);
    const job = await startJob(cookie, false);
    const done = await settled(cookie, job.id);
    expect(done.status).toBe('done');
    expect(done.cost).toBeGreaterThanOrEqual(Math.floor(job.maxCost * 0.7));
    expect(done.cost).toBeLessThanOrEqual(job.maxCost);
    expect(await me(cookie)).toMatchObject({ credits: 500 - done.cost!, held: 0 });
    const farm = (await (await fetch(`${inject('renderFarmUrl')}/jobs/${job.id}`)).json()) as Job;
    expect(farm).toMatchObject({ status: 'done', cost: done.cost });
  });

  it('a failing render releases the whole hold', async () => {
    const { cookie } = await signUpWith(500);
    const job = await startJob(cookie, true);
    const failed = await settled(cookie, job.id);
    expect(failed).toMatchObject({ status: 'failed', cost: null });
    expect(failed.error).toMatch(/failed/);
    expect(await me(cookie)).toMatchObject({ credits: 500, held: 0 });
  });
});
