// Turns the command line and the environment into RenderFarmOptions for main.ts (flags win over env).
import { parseArgs } from 'node:util';
import type { RenderFarmOptions } from './server';

export const USAGE = `Usage: tsx tools/render-farm/main.ts [options]

The API key comes from RENDER_FARM_API_KEY only (never a flag, so it stays out of process lists).

  --port <n>             RENDER_FARM_PORT            default 12120 (0 picks a free port)
  --host <addr>          RENDER_FARM_HOST            default 127.0.0.1
  --app-url <url>        RENDER_FARM_APP_URL, else APP_ORIGIN   default http://127.0.0.1:8787
  --failure-rate <0..1>  RENDER_FARM_FAILURE_RATE    share of renders that fail at random, default 0
  --speed <n>            RENDER_FARM_SPEED           renders run n times faster, default 1
  --concurrency <n>      RENDER_FARM_CONCURRENCY     renders at once (others wait queued), default 4
  --give-up-after-ms <n> RENDER_FARM_GIVE_UP_AFTER_MS  retry a capture/release/report this long, default 60000
`;

export class RenderFarmConfigError extends Error {}

function numberSetting(name: string, raw: string | undefined, check: (n: number) => boolean, what: string) {
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || !check(value))
    throw new RenderFarmConfigError(`--${name} must be ${what}, got "${raw}"`);
  return value;
}

export interface RenderFarmCli {
  help: boolean;
  options: RenderFarmOptions;
}

export function resolveRenderFarmConfig(argv: string[], env: NodeJS.ProcessEnv): RenderFarmCli {
  const { values } = parseArgs({
    args: argv,
    options: {
      help: { type: 'boolean', short: 'h' },
      port: { type: 'string' },
      host: { type: 'string' },
      'app-url': { type: 'string' },
      'failure-rate': { type: 'string' },
      speed: { type: 'string' },
      concurrency: { type: 'string' },
      'give-up-after-ms': { type: 'string' },
    },
    strict: true,
  });
  const options: RenderFarmOptions = { apiKey: '', appUrl: '' };
  if (values.help) return { help: true, options };

  const apiKey = env.RENDER_FARM_API_KEY ?? '';
  if (apiKey === '') {
    throw new RenderFarmConfigError(
      'RENDER_FARM_API_KEY is not set: create a service API key (npm run keys -- create render-farm) and put it in the environment (npm run dev does this for you).',
    );
  }
  const appUrl = values['app-url'] || env.RENDER_FARM_APP_URL || env.APP_ORIGIN || 'http://127.0.0.1:8787';
  if (!/^https?:\/\/[^/]+/.test(appUrl))
    throw new RenderFarmConfigError(`--app-url must be an http(s) URL, got "${appUrl}"`);

  const port = numberSetting(
    'port',
    values.port ?? env.RENDER_FARM_PORT,
    (n) => Number.isInteger(n) && n >= 0 && n < 65536,
    'a port number',
  );
  const failureRate = numberSetting(
    'failure-rate',
    values['failure-rate'] ?? env.RENDER_FARM_FAILURE_RATE,
    (n) => n >= 0 && n <= 1,
    'between 0 and 1',
  );
  const speed = numberSetting('speed', values.speed ?? env.RENDER_FARM_SPEED, (n) => n > 0, 'a positive number');
  const concurrency = numberSetting(
    'concurrency',
    values.concurrency ?? env.RENDER_FARM_CONCURRENCY,
    (n) => Number.isInteger(n) && n >= 1,
    'a positive integer',
  );
  const giveUpAfterMs = numberSetting(
    'give-up-after-ms',
    values['give-up-after-ms'] ?? env.RENDER_FARM_GIVE_UP_AFTER_MS,
    (n) => n >= 0,
    'a non-negative number',
  );

  return {
    help: false,
    options: {
      apiKey,
      appUrl: appUrl.replace(/\/+$/, ''),
      port,
      host: values.host ?? env.RENDER_FARM_HOST,
      failureRate,
      speed,
      concurrency,
      giveUpAfterMs,
    },
  };
}
