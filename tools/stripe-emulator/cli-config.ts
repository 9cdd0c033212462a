// Turns the command line, the environment and .dev.vars into EmulatorOptions for main.ts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { EmulatorOptions } from './server';

/** KEY=value lines as dotenv (and wrangler's .dev.vars) read them: comments, `export`, quotes. */
export function parseDotenv(text: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) continue;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!match) continue;
    const [, key, rawValue = ''] = match;
    const quoted = /^(["'])(.*)\1$/.exec(rawValue);
    vars[key!] = quoted ? quoted[2]! : rawValue.replace(/\s+#.*$/, '').trim();
  }
  return vars;
}

function readDotenv(path: string): Record<string, string> {
  try {
    return parseDotenv(readFileSync(path, 'utf8'));
  } catch {
    return {};
  }
}

// Each setting has a flag and an environment variable; the flag wins.
const NUMERIC_SETTINGS = {
  port: 'EMULATOR_PORT',
  'delay-ms': 'EMULATOR_DELAY_MS',
  duplicates: 'EMULATOR_DUPLICATES',
  'drop-rate': 'EMULATOR_DROP_RATE',
  'retry-base-ms': 'EMULATOR_RETRY_BASE_MS',
  'max-attempts': 'EMULATOR_MAX_ATTEMPTS',
  'async-settle-ms': 'EMULATOR_ASYNC_SETTLE_MS',
  'save-debounce-ms': 'EMULATOR_SAVE_DEBOUNCE_MS',
} as const;

export const USAGE = `Usage: tsx tools/stripe-emulator/main.ts [options]

Secrets come from STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET, else .dev.vars, else .dev.vars.example.

  --port <n>             EMULATOR_PORT             default 12111 (0 picks a free port)
  --host <addr>          EMULATOR_HOST             default 127.0.0.1
  --webhook-url <url>    EMULATOR_WEBHOOK_URL      default http://127.0.0.1:8787/api/v1/webhooks/stripe; "" records only
  --delay-ms <n>         EMULATOR_DELAY_MS         wait before each event's first attempt, default 1000
  --duplicates <n>       EMULATOR_DUPLICATES       extra copies of each delivery, default 0
  --shuffle              EMULATOR_SHUFFLE=1        deliver each batch in random order
  --drop-rate <0..1>     EMULATOR_DROP_RATE        share of events never delivered, default 0
  --retry-base-ms <n>    EMULATOR_RETRY_BASE_MS    first retry delay (doubles each time), default 500
  --max-attempts <n>     EMULATOR_MAX_ATTEMPTS     default 5
  --async-settle-ms <n>  EMULATOR_ASYNC_SETTLE_MS  bank transfers settle after this, default 3000
  --state-file <path>    EMULATOR_STATE_FILE       keep state across restarts in this JSON file; unset or "": memory only
  --save-debounce-ms <n> EMULATOR_SAVE_DEBOUNCE_MS changes gather this long before one write, default 10
`;

export class CliConfigError extends Error {}

function numberSetting(name: string, raw: string | undefined, integer: boolean): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || (integer && !Number.isInteger(value))) {
    throw new CliConfigError(`--${name} must be a non-negative ${integer ? 'integer' : 'number'}, got "${raw}"`);
  }
  return value;
}

export interface CliConfig {
  options: EmulatorOptions;
  help: boolean;
}

/** Reads options from argv and env, and the two Stripe secrets from env or the dotenv files in `cwd`. */
export function resolveCliConfig(argv: string[], env: NodeJS.ProcessEnv, cwd: string): CliConfig {
  const { values } = parseArgs({
    args: argv,
    options: {
      help: { type: 'boolean', short: 'h' },
      host: { type: 'string' },
      'webhook-url': { type: 'string' },
      'state-file': { type: 'string' },
      shuffle: { type: 'boolean' },
      ...Object.fromEntries(Object.keys(NUMERIC_SETTINGS).map((name) => [name, { type: 'string' as const }])),
    },
    strict: true,
  });
  const flag = (name: string): string | undefined => {
    const value = (values as Record<string, string | boolean | undefined>)[name];
    return typeof value === 'string' ? value : undefined;
  };
  const numbers: Record<string, number | undefined> = {};
  for (const [name, envName] of Object.entries(NUMERIC_SETTINGS)) {
    numbers[name] = numberSetting(name, flag(name) ?? env[envName], name !== 'drop-rate');
  }
  if (numbers['drop-rate'] !== undefined && numbers['drop-rate'] > 1) {
    throw new CliConfigError('--drop-rate must be between 0 and 1');
  }

  const devVars = readDotenv(join(cwd, '.dev.vars'));
  const exampleVars = readDotenv(join(cwd, '.dev.vars.example'));
  const secret = (name: string): string => {
    const value = env[name] || devVars[name] || exampleVars[name];
    if (!value) throw new CliConfigError(`${name} is not set (environment, .dev.vars or .dev.vars.example)`);
    return value;
  };

  const delivery: EmulatorOptions['delivery'] = {};
  if (numbers['delay-ms'] !== undefined) delivery.delayMs = numbers['delay-ms'];
  if (numbers.duplicates !== undefined) delivery.duplicates = numbers.duplicates;
  if (numbers['drop-rate'] !== undefined) delivery.dropRate = numbers['drop-rate'];
  if (numbers['retry-base-ms'] !== undefined) delivery.retryBaseMs = numbers['retry-base-ms'];
  if (numbers['max-attempts'] !== undefined) delivery.maxAttempts = Math.max(1, numbers['max-attempts']);
  if (values.shuffle || env.EMULATOR_SHUFFLE === '1' || env.EMULATOR_SHUFFLE === 'true') delivery.shuffle = true;

  if (values.help) return { help: true, options: { secretKey: '', webhookSecret: '' } };
  const options: EmulatorOptions = {
    secretKey: secret('STRIPE_SECRET_KEY'),
    webhookSecret: secret('STRIPE_WEBHOOK_SECRET'),
    port: numbers.port,
    host: flag('host') ?? env.EMULATOR_HOST,
    // An empty EMULATOR_WEBHOOK_URL is meaningful (record events, send none), so only an unset one falls back.
    webhookUrl: flag('webhook-url') ?? env.EMULATOR_WEBHOOK_URL,
    asyncSettleMs: numbers['async-settle-ms'],
    stateFile: flag('state-file') ?? env.EMULATOR_STATE_FILE,
    saveDebounceMs: numbers['save-debounce-ms'],
    delivery,
  };
  return { help: false, options };
}
