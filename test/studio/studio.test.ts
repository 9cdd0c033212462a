// The Studio's backend (issue 11): a render reserves its maximum cost as a hold and is handed to
// the render farm; the farm (played here through the service API, as tools/render-farm does)
// reports progress and captures what it cost, or releases on failure; every step is pushed live.
import { createExecutionContext, env, SELF, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { insertApiKey, newApiKey } from '../../worker/accounts/api-keys';
import { app } from '../../worker/index';
import {
  type Account,
  api,
  expectLedgerConsistent,
  grantCredits,
  ledgerRows,
  ORIGIN,
  signUp,
  testDb,
} from '../helpers';
import { connect } from '../live-socket';

const farmKey = async () => {
  const key = await newApiKey();
  await testDb().run(insertApiKey(key, `farm-${key.id}`));
  return key.secret;
};

const startRender = (user: Account, body: Record<string, unknown>) =>
  api('/api/studio/jobs', {
    method: 'POST',
    cookie: user.cookie,
    body: {
      prompt: 'a cat surfing at sunset',
      seconds: 10,
      resolution: '720p',
      idempotencyKey: crypto.randomUUID(),
      ...body,
    },
  });

const asFarm = (key: string, path: string, body: unknown) =>
  SELF.fetch(`${ORIGIN}/api/v1${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

interface JobAnswer {
  job: { id: string; status: string; maxCost: number; holdId: string; progress: number; cost: number | null };
  hold: { id: string; amount: number; status: string };
  credits: number;
}

describe('POST /api/studio/jobs', () => {
  it('reserves the maximum cost, records the job and hands it to the farm', async () => {
    const user = await signUp();
    await grantCredits(user.id, 100);
    const res = await startRender(user, { idempotencyKey: 'render-1' });
    expect(res.status).toBe(201);
    const body = (await res.json()) as JobAnswer;
    expect(body).toMatchObject({
      job: { status: 'queued', seconds: 10, resolution: '720p', maxCost: 40, progress: 0, cost: null },
      hold: { amount: 40, status: 'active' },
      credits: 60,
    });
    const received = (await (await fetch(`${env.RENDER_FARM_URL}/received`)).json()) as { jobId: string }[];
    expect(received.find((j) => j.jobId === body.job.id)).toEqual({
      jobId: body.job.id,
      userId: user.id,
      holdId: body.hold.id,
      seconds: 10,
      resolution: '720p',
      maxCost: 40,
    });
    // The same key again: the same job, nothing reserved twice.
    const again = await startRender(user, { idempotencyKey: 'render-1' });
    expect(((await again.json()) as JobAnswer).job.id).toBe(body.job.id);
    expect((await ledgerRows(user.id)).map((r) => r.kind)).toEqual(['grant', 'hold']);
  });

  it('answers 402 with nothing reserved when the credits are short, and 400 for a bad request', async () => {
    const user = await signUp();
    await grantCredits(user.id, 39);
    const short = await startRender(user, {});
    expect(short.status).toBe(402);
    expect(((await short.json()) as { error: { code: string } }).error.code).toBe('insufficient_credits');
    for (const bad of [{ seconds: 7 }, { resolution: '4k' }, { prompt: '' }]) {
      expect((await startRender(user, bad)).status).toBe(400);
    }
    expect((await ledgerRows(user.id)).map((r) => r.kind)).toEqual(['grant']);
  });

  it('gives the credits back at once when the farm cannot be reached', async () => {
    const user = await signUp();
    await grantCredits(user.id, 100);
    const ctx = createExecutionContext();
    const res = await app.fetch(
      new Request(`${ORIGIN}/api/studio/jobs`, {
        method: 'POST',
        headers: { cookie: user.cookie, origin: ORIGIN, 'content-type': 'application/json' },
        body: JSON.stringify({ prompt: 'p', seconds: 5, resolution: '480p', idempotencyKey: 'k' }),
      }),
      { ...env, RENDER_FARM_URL: 'http://127.0.0.1:9' },
      ctx,
    );
    await waitOnExecutionContext(ctx);
    expect(res.status).toBe(503);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('render_farm_unavailable');
    expect((await ledgerRows(user.id)).map((r) => [r.kind, r.delta])).toEqual([
      ['grant', 100],
      ['hold', -10],
      ['release', 10],
    ]);
    const { jobs } = (await (await api('/api/studio/jobs', { cookie: user.cookie })).json()) as {
      jobs: { status: string }[];
    };
    expect(jobs).toMatchObject([{ status: 'failed' }]);
  });
});

describe('the farm reports back', () => {
  it('progress, then a capture and "done": the job shows the cost, the rest returns, all pushed live', async () => {
    const user = await signUp();
    await grantCredits(user.id, 100);
    const socket = await connect(user);
    await socket.waitFor(1);
    const { job, hold } = (await (await startRender(user, {})).json()) as JobAnswer;
    const key = await farmKey();

    expect((await asFarm(key, `/jobs/${job.id}/progress`, { status: 'rendering', progress: 40 })).status).toBe(200);
    // A late, lower report never moves progress back.
    await asFarm(key, `/jobs/${job.id}/progress`, { status: 'rendering', progress: 20 });
    const captured = await asFarm(key, `/users/${user.id}/holds/${hold.id}/capture`, { amount: 31 });
    expect(captured.status).toBe(200);
    const done = await asFarm(key, `/jobs/${job.id}/progress`, { status: 'done', progress: 100, cost: 31 });
    expect(((await done.json()) as JobAnswer).job).toMatchObject({ status: 'done', progress: 100, cost: 31 });
    // Finished jobs never change again.
    await asFarm(key, `/jobs/${job.id}/progress`, { status: 'failed', progress: 0, error: 'late' });

    const { jobs } = (await (await api('/api/studio/jobs', { cookie: user.cookie })).json()) as { jobs: unknown[] };
    expect(jobs).toMatchObject([{ id: job.id, status: 'done', cost: 31, progress: 100 }]);
    expect(await expectLedgerConsistent(user.id)).toBe(69);

    await new Promise((r) => setTimeout(r, 200));
    const frames = socket.frames.filter((f) => f.startsWith('{')).map((f) => JSON.parse(f) as Record<string, unknown>);
    const story = frames.map((f) =>
      f.type === 'job'
        ? `job:${(f.job as { status: string; progress: number }).status}:${(f.job as { progress: number }).progress}`
        : `balance:${(f.change as { kind: string } | undefined)?.kind ?? 'snapshot'}:${f.credits}:${f.held}`,
    );
    expect(story).toEqual([
      'balance:snapshot:100:0',
      'balance:hold:60:40',
      'job:queued:0',
      'job:rendering:40',
      'balance:capture:69:0',
      'job:done:100',
    ]);
  });

  it("the user cannot settle their render's hold (403 hold_owned_by_app); the farm's capture still takes the cost", async () => {
    const user = await signUp();
    await grantCredits(user.id, 100);
    const { hold } = (await (await startRender(user, {})).json()) as JobAnswer;
    // Issue 18: the user captured 0 of their own render, and the farm's capture then failed.
    for (const [action, body] of [
      ['capture', { amount: 0 }],
      ['release', {}],
      ['extend', { ttlSeconds: 3600 }],
    ] as const) {
      const res = await api(`/api/credits/holds/${hold.id}/${action}`, { method: 'POST', cookie: user.cookie, body });
      expect(res.status, action).toBe(403);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('hold_owned_by_app');
    }
    expect((await ledgerRows(user.id)).map((r) => r.kind)).toEqual(['grant', 'hold']);
    const captured = await asFarm(await farmKey(), `/users/${user.id}/holds/${hold.id}/capture`, { amount: 31 });
    expect(captured.status).toBe(200);
    expect(await captured.json()).toMatchObject({
      hold: { status: 'captured', captured: 31, owner: 'app' },
      credits: 69,
    });
    expect(await expectLedgerConsistent(user.id)).toBe(69);
  });

  it('a failed render releases the hold and says so', async () => {
    const user = await signUp();
    await grantCredits(user.id, 100);
    const { job, hold } = (await (await startRender(user, { fail: true })).json()) as JobAnswer;
    const received = (await (await fetch(`${env.RENDER_FARM_URL}/received`)).json()) as {
      jobId: string;
      fail?: boolean;
    }[];
    expect(received.find((j) => j.jobId === job.id)?.fail).toBe(true);
    const key = await farmKey();
    await asFarm(key, `/users/${user.id}/holds/${hold.id}/release`, {});
    const failed = await asFarm(key, `/jobs/${job.id}/progress`, {
      status: 'failed',
      progress: 30,
      error: 'GPU fell over',
    });
    expect(((await failed.json()) as { job: unknown }).job).toMatchObject({
      status: 'failed',
      error: 'GPU fell over',
      cost: null,
    });
    expect(await expectLedgerConsistent(user.id)).toBe(100);
  });

  it('needs the API key, and answers 404 for an unknown job', async () => {
    const key = await farmKey();
    expect((await asFarm('cck_wrong', '/jobs/job_x/progress', { status: 'rendering', progress: 1 })).status).toBe(401);
    expect((await asFarm(key, '/jobs/job_x/progress', { status: 'rendering', progress: 1 })).status).toBe(404);
    expect((await asFarm(key, '/jobs/job_x/progress', { status: 'rendering', progress: 101 })).status).toBe(400);
  });
});
