// /api/studio: ask for a video render (credits are reserved for its maximum cost, the render farm
// captures what it used) and list the user's jobs. Parses, calls worker/studio, shapes.
import { Hono } from 'hono/tiny';
import * as z from 'zod/mini';
import type { AppEnv } from '../env';
import { conflict, paymentRequired, serviceUnavailable } from '../errors';
import { idempotencyKey } from '../fields';
import { releaseHold } from '../ledger/holds';
import { onCommitFor, publishJob } from '../live/publisher';
import { requireUser } from '../middleware/auth';
import { submitToFarm } from '../studio/farm';
import { createJob, failUnstarted, listJobs } from '../studio/jobs';
import { RESOLUTIONS, VIDEO_LENGTHS } from '../studio/pricing';
import { validate } from '../validation';

const jobBody = z.object({
  prompt: z
    .string('must be a string')
    .check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(500, 'must be at most 500 characters')),
  seconds: z.union(
    VIDEO_LENGTHS.map((n) => z.literal(n)),
    `must be one of ${VIDEO_LENGTHS.join(', ')}`,
  ),
  resolution: z.enum(RESOLUTIONS, `must be one of ${RESOLUTIONS.join(', ')}`),
  idempotencyKey,
  /** For tests and demos: ask the stand-in farm to fail this render (its hold is released). */
  fail: z.optional(z.boolean('must be true or false')),
});

export const studioRoutes = new Hono<AppEnv>()
  .use(requireUser)
  .post('/jobs', validate('json', jobBody), async (c) => {
    const { fail, ...body } = c.req.valid('json');
    const onCommit = onCommitFor(c);
    const result = await createJob(c.var.db, onCommit, { ...body, userId: c.var.user.id });
    if (result.outcome === 'insufficient') {
      throw paymentRequired('insufficient_credits', 'Not enough credits for this render.');
    }
    if (result.outcome === 'key_conflict') {
      throw conflict('idempotency_conflict', 'This idempotency key was already used with other parameters.');
    }
    const { job, hold, credits } = result;
    if (result.outcome === 'created') {
      if (!(await submitToFarm(c.env, job, fail))) {
        // Nobody will render it: give the credits back now rather than when the hold expires.
        await releaseHold(c.var.db, onCommit, { userId: c.var.user.id, holdId: hold.id });
        const failed = await failUnstarted(c.var.db, job.id, 'The render farm is unavailable.');
        if (failed) publishJob(c, c.var.user.id, failed.job);
        throw serviceUnavailable(
          'render_farm_unavailable',
          'The render farm is unavailable; nothing was charged. Try again shortly.',
        );
      }
      publishJob(c, c.var.user.id, job);
    }
    const { userId: _, ...view } = job;
    return c.json({ job: view, hold, credits }, 201);
  })
  .get('/jobs', async (c) => c.json({ jobs: await listJobs(c.var.db, c.var.user.id) }));
