// `npm run openapi`: writes worker/service/openapi.json, the service API's OpenAPI 3.1 document,
// from the routes' own schemas with the real hono-openapi (the Worker serves the file; see
// worker/service/openapi-runtime.ts). `--check` fails when the committed file is out of date.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// A computed specifier: the Worker's modules are typed by the root tsconfig (workerd types), not
// this Node one, so the type checker must not follow the import into them.
const routesModule: string = '../../worker/service/routes.ts';
const { serviceRoutes } = (await import(routesModule)) as {
  serviceRoutes: { request(path: string): Promise<Response> };
};

const target = resolve(dirname(fileURLToPath(import.meta.url)), '../../worker/service/openapi.json');
const res = await serviceRoutes.request('/openapi.json');
if (res.status !== 200) throw new Error(`the service router answered ${res.status} for /openapi.json`);
const generated = `${JSON.stringify(await res.json(), null, 2)}\n`;

if (process.argv.includes('--check')) {
  const committed = readFileSync(target, 'utf8');
  if (committed !== generated) {
    console.error('worker/service/openapi.json is out of date: run `npm run openapi` and commit it.');
    process.exit(1);
  }
  console.log('worker/service/openapi.json is current.');
} else {
  writeFileSync(target, generated);
  console.log(`wrote ${target}`);
}
