// Builds @creditcast/client (`npm run build:client`): one minified ESM file, dist/creditcast.js, with
// Vite's library mode (already the site's bundler: no new dependency), its declarations with tsc, and
// a hard stop if the gzipped bundle outgrows its 5 KiB budget.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Rollup } from 'vite';

const packageDir = fileURLToPath(new URL('.', import.meta.url));
const distDir = `${packageDir}dist`;
/** The promise the README makes: small enough to add to any page without a second thought. */
export const GZIP_BUDGET_BYTES = 5 * 1024;

/** The bundle's code, built in memory. */
export async function bundle(): Promise<string> {
  const output = (await build({
    configFile: false,
    logLevel: 'warn',
    build: {
      write: false,
      target: 'es2022',
      // Whitespace too: the file is served as is, and nothing tree-shakes it after us.
      minify: 'oxc',
      lib: { entry: `${packageDir}src/index.ts`, formats: ['es'], fileName: 'creditcast' },
    },
  })) as Rollup.RollupOutput[];
  const chunk = output[0]?.output.find((o): o is Rollup.OutputChunk => o.type === 'chunk');
  if (!chunk) throw new Error('no bundle produced');
  return chunk.code;
}

export const gzipSize = (code: string) => gzipSync(code, { level: 9 }).length;

async function main(): Promise<void> {
  const code = await bundle();
  const size = gzipSize(code);
  if (size > GZIP_BUDGET_BYTES) throw new Error(`creditcast.js is ${size} B gzipped, over ${GZIP_BUDGET_BYTES} B`);
  rmSync(distDir, { recursive: true, force: true });
  mkdirSync(distDir, { recursive: true });
  writeFileSync(`${distDir}/creditcast.js`, code);
  // Declarations of the package and of the few import-free Worker modules it reads its wire types
  // from (worker/live/protocol.ts and its vocabulary), re-exported from one entry.
  execFileSync(`${packageDir}../../node_modules/.bin/tsc`, ['-p', `${packageDir}tsconfig.build.json`], {
    stdio: 'inherit',
  });
  writeFileSync(`${distDir}/creditcast.d.ts`, "export * from './types/packages/client/src/index';\n");
  console.log(`packages/client/dist/creditcast.js: ${code.length} B, ${size} B gzipped`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
