// The CLI's configuration (flags over env, secrets from env or .dev.vars) and the process itself starting and stopping.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { parseDotenv, resolveCliConfig } from './cli-config';

const tempDirs: string[] = [];
afterEach(() => {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'stripe-emulator-cli-'));
  tempDirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('parseDotenv', () => {
  it('reads KEY=value lines with comments, export and quotes', () => {
    const text = [
      '# Stripe test mode',
      'STRIPE_SECRET_KEY=sk_test_123 # inline comment',
      'export STRIPE_WEBHOOK_SECRET="whsec_abc#not-a-comment"',
      "STRIPE_API_BASE=''",
      'not a line',
    ].join('\n');
    expect(parseDotenv(text)).toEqual({
      STRIPE_SECRET_KEY: 'sk_test_123',
      STRIPE_WEBHOOK_SECRET: 'whsec_abc#not-a-comment',
      STRIPE_API_BASE: '',
    });
  });
});

describe('resolveCliConfig', () => {
  it('takes secrets from the environment first, then .dev.vars, then .dev.vars.example', () => {
    const cwd = tempDir({
      '.dev.vars': 'STRIPE_SECRET_KEY=sk_test_from_dev_vars\n',
      '.dev.vars.example': 'STRIPE_SECRET_KEY=sk_test_example\nSTRIPE_WEBHOOK_SECRET=whsec_example\n',
    });
    expect(resolveCliConfig([], {}, cwd).options).toMatchObject({
      secretKey: 'sk_test_from_dev_vars',
      webhookSecret: 'whsec_example',
    });
    expect(resolveCliConfig([], { STRIPE_SECRET_KEY: 'sk_test_env' }, cwd).options.secretKey).toBe('sk_test_env');
  });

  it('fails with the variable name when a secret is nowhere', () => {
    expect(() => resolveCliConfig([], {}, tempDir())).toThrow(/STRIPE_SECRET_KEY is not set/);
  });

  it('reads delivery settings from EMULATOR_* and lets flags win', () => {
    const env = {
      STRIPE_SECRET_KEY: 'sk_test_x',
      STRIPE_WEBHOOK_SECRET: 'whsec_x',
      EMULATOR_PORT: '4000',
      EMULATOR_DELAY_MS: '250',
      EMULATOR_DUPLICATES: '2',
      EMULATOR_SHUFFLE: '1',
      EMULATOR_DROP_RATE: '0.5',
      EMULATOR_WEBHOOK_URL: '',
    };
    const { options } = resolveCliConfig(['--port', '0', '--duplicates', '1'], env, tempDir());
    expect(options).toMatchObject({
      port: 0,
      webhookUrl: '',
      delivery: { delayMs: 250, duplicates: 1, shuffle: true, dropRate: 0.5 },
    });
  });

  it('takes the state file from --state-file or EMULATOR_STATE_FILE; unset means memory only', () => {
    const env = { STRIPE_SECRET_KEY: 'sk_test_x', STRIPE_WEBHOOK_SECRET: 'whsec_x' };
    expect(resolveCliConfig([], env, tempDir()).options.stateFile).toBeUndefined();
    const fromEnv = { ...env, EMULATOR_STATE_FILE: '/tmp/a.json', EMULATOR_SAVE_DEBOUNCE_MS: '5' };
    expect(resolveCliConfig([], fromEnv, tempDir()).options).toMatchObject({
      stateFile: '/tmp/a.json',
      saveDebounceMs: 5,
    });
    expect(resolveCliConfig(['--state-file', '/tmp/b.json'], fromEnv, tempDir()).options.stateFile).toBe('/tmp/b.json');
  });

  it('rejects a malformed number and an unknown flag', () => {
    const env = { STRIPE_SECRET_KEY: 'sk_test_x', STRIPE_WEBHOOK_SECRET: 'whsec_x' };
    expect(() => resolveCliConfig(['--delay-ms', 'soon'], env, tempDir())).toThrow(/--delay-ms must be/);
    expect(() => resolveCliConfig(['--drop-rate', '3'], env, tempDir())).toThrow(/--drop-rate/);
    expect(() => resolveCliConfig(['--colour'], env, tempDir())).toThrow();
  });
});

describe('main.ts', () => {
  it('prints one ready line with its URL, serves, and exits 0 on SIGTERM', async () => {
    const tsx = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));
    const main = fileURLToPath(new URL('./main.ts', import.meta.url));
    const child = spawn(tsx, [main, '--port', '0'], {
      cwd: tempDir(),
      env: {
        ...process.env,
        STRIPE_SECRET_KEY: 'sk_test_cli_secret',
        STRIPE_WEBHOOK_SECRET: 'whsec_cli_secret',
        EMULATOR_WEBHOOK_URL: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

    const deadline = Date.now() + 15_000;
    while (!/ready at (http:\/\/\S+)/.test(output) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    const url = /ready at (http:\/\/\S+)/.exec(output)?.[1];
    expect(url, output).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await (await fetch(`${url}/_emulator/health`)).json()).toEqual({ ok: true });
    expect(output).not.toContain('sk_test_cli_secret');
    expect(output).not.toContain('whsec_cli_secret');

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 20_000);
});
