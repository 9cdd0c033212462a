// CLI entry: `tsx tools/render-farm/main.ts` starts the stand-in render backend from flags and env, and stops on SIGINT/SIGTERM.
import { type RenderFarmCli, RenderFarmConfigError, resolveRenderFarmConfig, USAGE } from './config';
import { startRenderFarm } from './server';

function readConfig(): RenderFarmCli {
  try {
    return resolveRenderFarmConfig(process.argv.slice(2), process.env);
  } catch (error) {
    console.error(`render-farm: ${error instanceof Error ? error.message : String(error)}`);
    if (error instanceof RenderFarmConfigError || (error instanceof TypeError && 'code' in error))
      console.error(`\n${USAGE}`);
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
  const farm = await startRenderFarm(options);
  console.log(
    `Render farm ready at ${farm.url} (reports to ${options.appUrl}, speed ${options.speed ?? 1}, failure rate ${options.failureRate ?? 0})`,
  );
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`render-farm: ${signal}, stopping`);
    // Jobs in flight are dropped: their holds expire by themselves (the Worker's sweep).
    farm.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`render-farm: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
