// CLI entry: `tsx tools/stripe-emulator/main.ts` starts the emulator from flags, env and .dev.vars, and stops on SIGINT/SIGTERM (saving its state file first).
import { type CliConfig, CliConfigError, resolveCliConfig, USAGE } from './cli-config';
import { DEFAULT_DELIVERY_OPTIONS } from './runtime/webhooks';
import { DEFAULT_WEBHOOK_URL, startEmulator } from './server';

function readConfig(): CliConfig {
  try {
    return resolveCliConfig(process.argv.slice(2), process.env, process.cwd());
  } catch (error) {
    console.error(`stripe-emulator: ${error instanceof Error ? error.message : String(error)}`);
    // parseArgs throws a TypeError with a code for an unknown flag: show the flags that exist.
    if (error instanceof CliConfigError || (error instanceof TypeError && 'code' in error)) console.error(`\n${USAGE}`);
    process.exit(2);
  }
}

async function main(): Promise<void> {
  const config = readConfig();
  if (config.help) {
    console.log(USAGE);
    return;
  }
  const { options } = config;
  const emulator = await startEmulator(options);
  const webhookUrl = options.webhookUrl ?? DEFAULT_WEBHOOK_URL;
  const delayMs = options.delivery?.delayMs ?? DEFAULT_DELIVERY_OPTIONS.delayMs;
  console.log(
    `Stripe emulator ready at ${emulator.url} (webhooks ${webhookUrl === '' ? 'recorded, not sent' : `to ${webhookUrl} after ${delayMs} ms`}; ` +
      `state ${options.stateFile ? `kept in ${options.stateFile}` : 'in memory only'})`,
  );

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`stripe-emulator: ${signal}, stopping`);
    emulator.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`stripe-emulator: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
