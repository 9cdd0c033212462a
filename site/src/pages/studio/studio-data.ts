// The Studio page's data: the job list (loaded, then kept current by live job messages on the shared socket) and Generate.
import { createSignal, onCleanup } from 'solid-js';
import type { Job } from '../../../../worker/live/protocol';
import type { Resolution, VideoLength } from '../../../../worker/studio/pricing';
import { ApiError } from '../../lib/api';
import { onJobUpdate, onReconnect, reportBalance } from '../../lib/live-balance';
import { pendingKey } from '../../lib/pending-key';
import { studioApi } from '../../lib/studio-api';
import { mergeJob, mergeJobs } from './job-state';
import type { StudioWord } from './studio-words';

export type StudioNotice =
  | { tone: 'ok'; key: 'studio_reserved'; n: number }
  | { tone: 'error'; key: StudioWord | 'error_network' | 'error_generic'; packs?: boolean }
  | { tone: 'error'; text: string };

/** What Generate's failure tells the user; 402 and 503 have their own words (packs shown with the first). */
export function generateError(error: unknown): StudioNotice {
  if (error instanceof ApiError) {
    if (error.status === 402) return { tone: 'error', key: 'studio_err_insufficient', packs: true };
    if (error.status === 503) return { tone: 'error', key: 'studio_err_farm' };
    if (error.status === 0) return { tone: 'error', key: 'error_network' };
    if (error.message) return { tone: 'error', text: error.message };
  }
  return { tone: 'error', key: 'error_generic' };
}

export function createStudioData() {
  const [jobs, setJobs] = createSignal<readonly Job[]>([]);
  const [loaded, setLoaded] = createSignal(false);
  const [listError, setListError] = createSignal<StudioNotice>();
  const [generating, setGenerating] = createSignal(false);
  const [notice, setNotice] = createSignal<StudioNotice>();

  const apply = (job: Job) => setJobs((list) => mergeJob(list, job));
  onCleanup(onJobUpdate(apply));

  const refresh = async () => {
    try {
      const fresh = await studioApi.jobs();
      setJobs((list) => mergeJobs(list, fresh));
      setLoaded(true);
      setListError(undefined);
    } catch (error) {
      setListError(generateError(error));
    }
  };
  void refresh();
  // A job that moved on while no socket listened shows only in a fresh list.
  onCleanup(onReconnect(() => void refresh()));

  // Kept across attempts whose outcome is unknown (network error, reload): a retry can't reserve twice.
  const jobKey = pendingKey('studio-job');
  const generate = async (prompt: string, seconds: VideoLength, resolution: Resolution) => {
    if (generating()) return;
    if (!prompt.trim()) {
      setNotice({ tone: 'error', key: 'studio_err_prompt' });
      return;
    }
    setGenerating(true);
    setNotice(undefined);
    try {
      const idempotencyKey = jobKey.take(JSON.stringify([prompt, seconds, resolution]));
      const created = await studioApi.createJob({ prompt, seconds, resolution, idempotencyKey });
      jobKey.settle();
      apply(created.job as Job);
      reportBalance(created.credits); // shown only while the socket is down; otherwise its push is on the way
      setNotice({ tone: 'ok', key: 'studio_reserved', n: created.job.maxCost });
    } catch (error) {
      // 4xx and the farm's 503 (hold already released) are definite: the next click starts over.
      if (error instanceof ApiError && error.status >= 400 && (error.status < 500 || error.status === 503))
        jobKey.settle();
      setNotice(generateError(error));
    } finally {
      setGenerating(false);
    }
  };

  return { jobs, loaded, listError, generating, notice, generate };
}
