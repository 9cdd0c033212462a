// The Studio page's words, in English: the source of the keys (the zh file must match them).
const en = {
  studio_title: 'Studio',
  studio_intro: 'Describe a video and generate it. Credits are reserved first; you pay what the render uses.',
  studio_simulated:
    'Rendering here is simulated by a stand-in backend (tools/render-farm): no real video is made, but the credits move exactly as they would.',
  studio_prompt: 'Prompt',
  studio_length: 'Length',
  studio_resolution: 'Resolution',
  studio_seconds: '{n} s',
  studio_price: 'Up to {n} credits; you pay what the render uses.',
  studio_generate: 'Generate',
  studio_generating: 'Reserving…',
  studio_reserved: '{n} credits reserved. The render is queued.',
  studio_err_insufficient: 'Not enough credits for this video.',
  studio_err_farm: 'The render farm is unavailable. Nothing was charged; try again shortly.',
  studio_err_prompt: 'Describe the video first.',
  studio_jobs_title: 'Your videos',
  studio_jobs_empty: 'No videos yet.',
  job_col_prompt: 'Prompt',
  job_col_video: 'Video',
  job_col_status: 'Status',
  job_col_cost: 'Credits',
  job_col_time: 'Started',
  job_queued: 'Queued',
  job_rendering: 'Rendering {n}%',
  job_done: 'Done',
  job_failed: 'Failed',
  job_cost_reserved: '{n} reserved',
  job_cost_done: '{captured} spent, {returned} returned',
  job_cost_failed: 'All {n} returned',
};

export default en;
