// The example app's settings, all from the environment (an app keeps its Creditcast key in its own secrets).

export interface Config {
  /** Where this app listens, and the origin its pages are served from (registered on the API key). */
  port: number;
  origin: string;
  /** Creditcast's origin, reached by this server and by the browser (the element connects there). */
  creditcastUrl: string;
  /** The service API key (`cck_…`): server side only, never sent to a browser. */
  apiKey: string;
  /** Browser token lifetime, 60–3600 s; a page may ask for a shorter one with `?ttl=` (the e2e's knob). */
  tokenTtlSeconds: number;
  /** This app's own user table (a JSON file). */
  usersFile: string;
  /** The `whsec_…` secret of this app's endpoint for Creditcast's events; null: POST /creditcast/events answers 503. */
  webhookSecret: string | null;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.VIDEO_APP_PORT ?? 8600);
  const apiKey = env.CREDITCAST_API_KEY ?? '';
  if (!apiKey.startsWith('cck_'))
    throw new Error('CREDITCAST_API_KEY (cck_…) is not set: see examples/video-app/README.md');
  return {
    port,
    origin: env.VIDEO_APP_ORIGIN ?? `http://127.0.0.1:${port}`,
    creditcastUrl: (env.CREDITCAST_URL ?? 'http://127.0.0.1:8787').replace(/\/+$/, ''),
    apiKey,
    tokenTtlSeconds: clampTtl(Number(env.TOKEN_TTL_SECONDS ?? 600)),
    usersFile: env.VIDEO_APP_USERS_FILE ?? new URL('.data/users.json', import.meta.url).pathname,
    webhookSecret: env.CREDITCAST_WEBHOOK_SECRET?.startsWith('whsec_') ? env.CREDITCAST_WEBHOOK_SECRET : null,
  };
}

/** Creditcast accepts 60–3600 s; anything else (or not a number) falls back to the nearest bound or 600. */
export function clampTtl(seconds: number): number {
  if (!Number.isFinite(seconds)) return 600;
  return Math.min(3600, Math.max(60, Math.round(seconds)));
}
