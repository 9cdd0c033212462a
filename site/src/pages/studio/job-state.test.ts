// Specifies the Studio's job list: live job messages merged with the loaded list, never rolled back, and what a finished job settled.
import { describe, expect, it } from 'vitest';
import type { Job } from '../../../../worker/live/protocol';
import { isNewer, mergeJob, mergeJobs, priceFor, settlement } from './job-state';

const job = (over: Partial<Job> = {}): Job => ({
  id: 'job_1',
  prompt: 'a cat',
  seconds: 10,
  resolution: '720p',
  maxCost: 40,
  status: 'queued',
  progress: 0,
  cost: null,
  error: null,
  holdId: 'hold_1',
  createdAt: '2026-12-02T05:00:00.000Z',
  updatedAt: '2026-12-02T05:00:00.000Z',
  ...over,
});

describe('mergeJob', () => {
  it('adds a new job, newest first', () => {
    const older = job({ id: 'job_0', createdAt: '2026-12-02T04:00:00.000Z' });
    const list = mergeJob([older], job());
    expect(list.map((j) => j.id)).toEqual(['job_1', 'job_0']);
  });

  it('follows queued → rendering n% → done', () => {
    let list = mergeJob([], job());
    list = mergeJob(list, job({ status: 'rendering', progress: 30 }));
    expect(list[0]).toMatchObject({ status: 'rendering', progress: 30 });
    list = mergeJob(list, job({ status: 'rendering', progress: 80 }));
    list = mergeJob(list, job({ status: 'done', progress: 100, cost: 34 }));
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ status: 'done', cost: 34 });
  });

  it('ignores a late frame: lower progress, queued after rendering, anything after a final status', () => {
    const rendering = [job({ status: 'rendering', progress: 50 })];
    expect(mergeJob(rendering, job({ status: 'rendering', progress: 20 }))).toBe(rendering);
    expect(mergeJob(rendering, job())).toBe(rendering);
    const done = [job({ status: 'done', progress: 100, cost: 40 })];
    expect(mergeJob(done, job({ status: 'rendering', progress: 90 }))).toBe(done);
    expect(mergeJob(done, job({ status: 'failed', error: 'x' }))).toBe(done);
  });

  it('a fresh list after a reconnect finishes a job the socket missed, but cannot roll a newer one back', () => {
    const shown = [job({ status: 'rendering', progress: 60 }), job({ id: 'job_2', status: 'rendering', progress: 90 })];
    const fresh = [
      job({ status: 'done', progress: 100, cost: 40 }),
      job({ id: 'job_2', status: 'rendering', progress: 10 }),
    ];
    const merged = mergeJobs(shown, fresh);
    expect(merged.find((j) => j.id === 'job_1')).toMatchObject({ status: 'done', cost: 40 });
    expect(merged.find((j) => j.id === 'job_2')).toMatchObject({ progress: 90 });
  });

  it('isNewer prefers the later update at equal progress', () => {
    expect(isNewer(job(), job({ updatedAt: '2026-12-02T05:00:01.000Z' }))).toBe(true);
    expect(isNewer(job({ updatedAt: '2026-12-02T05:00:01.000Z' }), job())).toBe(false);
  });
});

describe('settlement', () => {
  it('done: the cost is captured and the rest of the reservation returned', () => {
    expect(settlement(job({ status: 'done', cost: 34 }))).toEqual({ captured: 34, returned: 6 });
  });
  it('failed: everything returned', () => {
    expect(settlement(job({ status: 'failed', error: 'boom' }))).toEqual({ captured: 0, returned: 40 });
  });
  it('still running: nothing settled yet', () => {
    expect(settlement(job({ status: 'rendering', progress: 10 }))).toBeNull();
  });
});

describe('priceFor', () => {
  it('is the maximum cost: seconds × credits per second at the resolution', () => {
    expect(priceFor(10, '720p')).toBe(40);
    expect(priceFor(5, '480p')).toBe(10);
    expect(priceFor(20, '1080p')).toBe(160);
  });
});
