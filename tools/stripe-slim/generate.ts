// `npm run stripe:slim`: writes the Worker's slim Stripe SDK build (worker/stripe/vendor/) from the
// pinned SDK's own files, keeping only the resources and methods in worker/stripe/resources.ts.
// `--check` fails when the committed files are not what this would write (an SDK upgrade, a new
// method). Why: the SDK's constructor builds all ~130 resources and each class carries all its
// methods with their v2 schemas, which no bundler can drop.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SLIM_SDK_DIR, slimSdkFiles } from './slim.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const files = slimSdkFiles(root);

const check = process.argv.includes('--check');
const stale: string[] = [];
for (const [name, text] of Object.entries(files)) {
  const target = resolve(root, SLIM_SDK_DIR, name);
  if (!check) {
    writeFileSync(target, text);
    console.log(`wrote ${target}`);
    continue;
  }
  let committed = '';
  try {
    committed = readFileSync(target, 'utf8');
  } catch {}
  if (committed !== text) stale.push(`${SLIM_SDK_DIR}/${name}`);
}
if (stale.length > 0) {
  console.error(`${stale.join(', ')} out of date: run \`npm run stripe:slim\` and commit.`);
  process.exit(1);
}
if (check) console.log(`${SLIM_SDK_DIR}/*.slim.js are current.`);
