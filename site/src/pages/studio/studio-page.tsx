// /{locale}/studio: describe a video, see its price, Generate (credits reserved), and follow each job live.
import { createSignal, For, Show } from 'solid-js';
import type { Job } from '../../../../worker/live/protocol';
import { RESOLUTIONS, type Resolution, VIDEO_LENGTHS, type VideoLength } from '../../../../worker/studio/pricing';
import { Loaded, NoticeLine } from '../../components/loaded';
import { PacksOffer } from '../../components/packs-offer';
import { signedInPage } from '../../components/require-auth';
import { formatDateTime, locale, t } from '../../lib/i18n';
import { priceFor, settlement } from './job-state';
import { createStudioData, type StudioNotice } from './studio-data';
import { sw } from './studio-words';
import './studio.css';

export function jobStatusText(job: Job): string {
  if (job.status === 'rendering') return sw('job_rendering', { n: Math.round(job.progress) });
  return sw(job.status === 'queued' ? 'job_queued' : job.status === 'done' ? 'job_done' : 'job_failed');
}

export function jobCostText(job: Job): string {
  const settled = settlement(job);
  if (!settled) return sw('job_cost_reserved', { n: job.maxCost });
  if (job.status === 'failed') return sw('job_cost_failed', { n: settled.returned });
  return sw('job_cost_done', settled);
}

function noticeText(notice: StudioNotice): string {
  if ('text' in notice) return notice.text;
  if (notice.tone === 'ok') return sw(notice.key, { n: notice.n });
  return notice.key === 'error_network' || notice.key === 'error_generic' ? t(notice.key) : sw(notice.key);
}

function Studio() {
  const data = createStudioData();
  const [prompt, setPrompt] = createSignal('');
  const [seconds, setSeconds] = createSignal<VideoLength>(10);
  const [resolution, setResolution] = createSignal<Resolution>('720p');

  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    void data.generate(prompt(), seconds(), resolution());
  };

  return (
    <>
      <section aria-labelledby="studio-title">
        <h1 id="studio-title">{sw('studio_title')}</h1>
        <p>{sw('studio_intro')}</p>
        <p class="muted">{sw('studio_how')}</p>
        <form class="card studio-form" onSubmit={onSubmit}>
          <div class="field">
            <label for="studio-prompt">{sw('studio_prompt')}</label>
            <textarea
              id="studio-prompt"
              rows="3"
              maxLength={500}
              value={prompt()}
              onInput={(e) => setPrompt(e.currentTarget.value)}
            />
          </div>
          <div class="studio-choices">
            <div class="field">
              <label for="studio-length">{sw('studio_length')}</label>
              <select
                id="studio-length"
                value={String(seconds())}
                onChange={(e) => setSeconds(Number(e.currentTarget.value) as VideoLength)}
              >
                <For each={VIDEO_LENGTHS}>
                  {(n) => <option value={String(n)}>{sw('studio_seconds', { n })}</option>}
                </For>
              </select>
            </div>
            <div class="field">
              <label for="studio-resolution">{sw('studio_resolution')}</label>
              <select
                id="studio-resolution"
                value={resolution()}
                onChange={(e) => setResolution(e.currentTarget.value as Resolution)}
              >
                <For each={RESOLUTIONS}>{(r) => <option value={r}>{r}</option>}</For>
              </select>
            </div>
          </div>
          <p class="studio-price">{sw('studio_price', { n: priceFor(seconds(), resolution()) })}</p>
          <button type="submit" class="button primary" disabled={data.generating()} aria-busy={data.generating()}>
            {data.generating() ? sw('studio_generating') : sw('studio_generate')}
          </button>
        </form>
        <NoticeLine
          notice={data.notice()}
          text={noticeText}
          afterError={(n) => (
            <Show when={'packs' in n && (n as { packs?: boolean }).packs}>
              <PacksOffer />
            </Show>
          )}
        />
      </section>

      <section aria-labelledby="jobs-title">
        <h2 id="jobs-title">{sw('studio_jobs_title')}</h2>
        <Show when={data.listError()}>
          {(n) => (
            <p role="alert" class="alert">
              {noticeText(n())}
            </p>
          )}
        </Show>
        <Loaded
          when={(data.loaded() || data.jobs().length > 0) && data.jobs()}
          empty={<p class="muted">{sw('studio_jobs_empty')}</p>}
        >
          {(jobs) => (
            <div class="jobs-wrap">
              <table class="jobs">
                <thead>
                  <tr>
                    <th scope="col">{sw('job_col_prompt')}</th>
                    <th scope="col">{sw('job_col_video')}</th>
                    <th scope="col">{sw('job_col_status')}</th>
                    <th scope="col">{sw('job_col_cost')}</th>
                    <th scope="col">{sw('job_col_time')}</th>
                  </tr>
                </thead>
                <tbody>
                  <For each={jobs()}>
                    {(job) => (
                      <tr classList={{ 'is-failed': job.status === 'failed' }}>
                        <td data-label={sw('job_col_prompt')}>
                          <div>
                            {job.prompt}
                            <Show when={job.status === 'failed'}>
                              <span class="job-why">{sw('job_failed_why', { n: job.maxCost })}</span>
                            </Show>
                          </div>
                        </td>
                        <td data-label={sw('job_col_video')}>
                          {sw('studio_seconds', { n: job.seconds })} · {job.resolution}
                        </td>
                        <td data-label={sw('job_col_status')}>{jobStatusText(job)}</td>
                        <td data-label={sw('job_col_cost')}>{jobCostText(job)}</td>
                        <td data-label={sw('job_col_time')}>{formatDateTime(locale(), job.createdAt)}</td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </div>
          )}
        </Loaded>
      </section>
    </>
  );
}

export default signedInPage(() => sw('studio_title'), Studio);
