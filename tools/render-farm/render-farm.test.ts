// The render farm against a stub of the Worker's service API: progress, capture or release, retries,
// bad bodies, and the config it refuses to start without.
import { spawnSync } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RenderFarmConfigError, resolveRenderFarmConfig } from './config';
import { setVar } from './dev-vars';
import { actualCost, renderMs } from './jobs';
import { type RenderFarmOptions, type RunningRenderFarm, startRenderFarm } from './server';
import { type StubWorker, startStubWorker } from './test-support';

const KEY = 'cck_test_render_farm_key';
let worker: StubWorker;
let farm: RunningRenderFarm;
let logs: string[];

async function start(extra: Partial<RenderFarmOptions> = {}) {
  farm = await startRenderFarm({
    apiKey: KEY,
    appUrl: worker.url,
    port: 0,
    speed: 5,
    retryBaseMs: 10,
    log: (line) => logs.push(line),
    ...extra,
  });
}

function submit(body: Record<string, unknown>) {
  return fetch(`${farm.url}/jobs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

const job = (jobId: string, extra: Record<string, unknown> = {}) => ({
  jobId,
  userId: 'usr_1',
  holdId: 'hold_1',
  seconds: 5,
  resolution: '720p',
  maxCost: 100,
  ...extra,
});

beforeEach(async () => {
  worker = await startStubWorker();
  logs = [];
});
afterEach(async () => {
  await farm?.close();
  await worker.close();
});

describe('render farm', () => {
  it('takes a job, reports progress, captures its cost and reports done', async () => {
    // 20 s at 480p at speed 1: a 2 s render, a tick every 500 ms (several, even on a loaded machine).
    await start({ speed: 1 });
    const res = await submit(job('job_ok', { seconds: 20, resolution: '480p' }));
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ jobId: 'job_ok', status: 'queued' });
    await farm.runner.idle();

    const cost = actualCost('job_ok', 100);
    expect(cost).toBeGreaterThanOrEqual(70);
    expect(cost).toBeLessThanOrEqual(100);
    const paths = worker.calls.map((c) => c.path);
    const progress = worker.calls.filter((c) => c.body.status === 'rendering');
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(progress.every((c) => c.path === '/api/v1/jobs/job_ok/progress')).toBe(true);
    const percents = progress.map((c) => c.body.progress as number);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    expect(percents[0]).toBe(0);
    expect(paths.slice(-2)).toEqual(['/api/v1/users/usr_1/holds/hold_1/capture', '/api/v1/jobs/job_ok/progress']);
    expect(worker.calls.at(-2)?.body).toEqual({ amount: cost });
    expect(worker.calls.at(-1)?.body).toEqual({ status: 'done', progress: 100, cost });
    expect(worker.calls.every((c) => c.authorization === `Bearer ${KEY}`)).toBe(true);
    expect(paths.some((p) => p.endsWith('/release'))).toBe(false);

    const state = await (await fetch(`${farm.url}/jobs/job_ok`)).json();
    expect(state).toMatchObject({ jobId: 'job_ok', status: 'done', progress: 100, cost });
  });

  it('releases the hold of a failing job and reports it failed, capturing nothing', async () => {
    await start();
    expect((await submit(job('job_bad', { fail: true }))).status).toBe(202);
    await farm.runner.idle();
    const paths = worker.calls.map((c) => c.path);
    expect(paths).toContain('/api/v1/users/usr_1/holds/hold_1/release');
    expect(paths.some((p) => p.endsWith('/capture'))).toBe(false);
    const last = worker.calls.at(-1)!;
    expect(last.path).toBe('/api/v1/jobs/job_bad/progress');
    // The Worker's progress schema wants `progress` on every report: where the render stopped.
    expect(last.body).toEqual({
      status: 'failed',
      progress: expect.any(Number),
      error: expect.stringMatching(/failed/),
    });
    expect(last.body.progress as number).toBeLessThan(100);
    expect(await (await fetch(`${farm.url}/jobs/job_bad`)).json()).toMatchObject({ status: 'failed' });
  });

  it('fails renders at random with --failure-rate', async () => {
    await start({ failureRate: 0.5, random: () => 0.4 });
    await submit(job('job_unlucky'));
    await farm.runner.idle();
    expect(worker.calls.map((c) => c.path)).toContain('/api/v1/users/usr_1/holds/hold_1/release');
    expect(worker.calls.at(-1)?.body.status).toBe('failed');
  });

  it('retries a capture that failed with 5xx, with the same amount, and reports done once', async () => {
    await start();
    worker.failNext('/capture', 503, 502);
    await submit(job('job_retry'));
    await farm.runner.idle();
    const captures = worker.calls.filter((c) => c.path.endsWith('/capture'));
    expect(captures.map((c) => c.status)).toEqual([503, 502, 200]);
    expect(new Set(captures.map((c) => c.body.amount))).toEqual(new Set([actualCost('job_retry', 100)]));
    expect(worker.calls.filter((c) => c.body.status === 'done')).toHaveLength(1);
  });

  it('gives up on a capture after giveUpAfterMs, logs it, and reports the job failed', async () => {
    await start({ giveUpAfterMs: 100 });
    worker.failNext('/capture', ...Array(50).fill(500));
    await submit(job('job_down'));
    await farm.runner.idle();
    expect(worker.calls.filter((c) => c.path.endsWith('/capture')).length).toBeGreaterThan(1);
    expect(logs.some((l) => l.includes('job_down') && l.includes('gave up'))).toBe(true);
    expect(worker.calls.at(-1)?.body).toMatchObject({ status: 'failed' });
    expect(await (await fetch(`${farm.url}/jobs/job_down`)).json()).toMatchObject({
      status: 'failed',
      undelivered: 'capture',
    });
    expect(logs.join('\n')).not.toContain(KEY);
  });

  it('answers 400 to a bad body and queues nothing', async () => {
    await start();
    for (const body of [job('x', { holdId: undefined }), job('y', { resolution: '4k' }), job('z', { seconds: -1 })]) {
      const res = await submit(body);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_request');
    }
    const notJson = await fetch(`${farm.url}/jobs`, { method: 'POST', body: '{' });
    expect(notJson.status).toBe(400);
    expect(farm.runner.jobs.size).toBe(0);
    expect((await fetch(`${farm.url}/jobs/x`)).status).toBe(404);
  });

  it('does not render a job id twice', async () => {
    await start();
    await submit(job('job_twice'));
    const again = await submit(job('job_twice'));
    expect(again.status).toBe(202);
    await farm.runner.idle();
    expect(worker.calls.filter((c) => c.path.endsWith('/capture'))).toHaveLength(1);
  });

  it('answers GET /health', async () => {
    await start();
    expect(await (await fetch(`${farm.url}/health`)).json()).toEqual({ ok: true });
  });
});

describe('render farm config and timing', () => {
  it('refuses to start without RENDER_FARM_API_KEY, and main exits with a clear error', () => {
    expect(() => resolveRenderFarmConfig([], {})).toThrow(RenderFarmConfigError);
    expect(() => resolveRenderFarmConfig([], {})).toThrow(/RENDER_FARM_API_KEY is not set/);
    const run = spawnSync('node_modules/.bin/tsx', ['tools/render-farm/main.ts'], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH },
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/RENDER_FARM_API_KEY is not set/);
  }, 30_000);

  it('reads flags over env, APP_ORIGIN as the app URL, and checks ranges', () => {
    const { options } = resolveRenderFarmConfig(['--speed', '4'], {
      RENDER_FARM_API_KEY: KEY,
      RENDER_FARM_SPEED: '2',
      RENDER_FARM_PORT: '12999',
      APP_ORIGIN: 'http://127.0.0.1:8788/',
    });
    expect(options).toMatchObject({ apiKey: KEY, speed: 4, port: 12999, appUrl: 'http://127.0.0.1:8788' });
    expect(() => resolveRenderFarmConfig(['--failure-rate', '2'], { RENDER_FARM_API_KEY: KEY })).toThrow(
      /between 0 and 1/,
    );
  });

  it('renders 100 ms per second of video ×1/×2/×4 by resolution, and costs 70-100 % of maxCost by job id', () => {
    expect(renderMs({ seconds: 5, resolution: '480p' })).toBe(500);
    expect(renderMs({ seconds: 20, resolution: '1080p' })).toBe(8000);
    expect(renderMs({ seconds: 20, resolution: '1080p' }, 4)).toBe(2000);
    const costs = Array.from({ length: 200 }, (_, i) => actualCost(`job_${i}`, 1000));
    expect(Math.min(...costs)).toBeGreaterThanOrEqual(700);
    expect(Math.max(...costs)).toBeLessThanOrEqual(1000);
    expect(new Set(costs).size).toBeGreaterThan(50);
    expect(actualCost('job_7', 1000)).toBe(actualCost('job_7', 1000));
  });

  it('sets a var in a vars file: replaces its line, else appends one', () => {
    expect(setVar('A=1\nRENDER_FARM_API_KEY=old\nB=2\n', 'RENDER_FARM_API_KEY', 'new')).toBe(
      'A=1\nRENDER_FARM_API_KEY=new\nB=2\n',
    );
    expect(setVar('A=1', 'RENDER_FARM_URL', 'http://127.0.0.1:12120')).toBe(
      'A=1\nRENDER_FARM_URL=http://127.0.0.1:12120\n',
    );
    expect(setVar('', 'X', 'y')).toBe('X=y\n');
  });
});
