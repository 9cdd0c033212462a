// The text transforms behind `npm run stripe:slim` (pure, so a test can run them): drop the
// resources not kept from the SDK's core module, build the kept ones with only the kept methods
// (./resources.ts), leave out what no kept method reaches (v2 decimal coercion), and point the
// other imports at the SDK itself.
// Each step checks the shape it expects and throws when the SDK has changed under it.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { STRIPE_METHODS, STRIPE_RESOURCES } from '../../worker/stripe/resources.ts';
import { type Built, slimResources } from './resources.ts';

/** Where the slim build is written, from the repository root: `vendor/`, as it is the SDK's code, not ours. */
export const SLIM_SDK_DIR = 'worker/stripe/vendor';
// From worker/stripe/vendor/ to the SDK's modules: the slim files import everything else from there.
const SDK_FROM_OUT = '../../../node_modules/stripe/esm/';

/** The slim build's files (name -> text) from the installed, pinned SDK. */
export function slimSdkFiles(root: string): Record<string, string> {
  const sdk = resolve(root, 'node_modules/stripe');
  const read = (path: string) => readFileSync(resolve(sdk, path), 'utf8');
  const { version } = JSON.parse(read('package.json')) as { version: string };
  const core = read('esm/stripe.core.js');
  const esm = (path: string) => read(`esm/${path}`);
  const opts = { sdkPath: SDK_FROM_OUT, version };
  return {
    'stripe-core.slim.js': slimCore(core, { ...opts, keep: STRIPE_RESOURCES }),
    'stripe.slim.js': slimEntry(read('esm/stripe.esm.worker.js'), { ...opts, core: './stripe-core.slim.js' }),
    'stripe-resources.slim.js': finish(
      slimResources(STRIPE_METHODS, builtResources(core), esm),
      'resources/*.js',
      opts,
    ),
    'stripe-resource.slim.js': finish(
      replaceOnce(withoutV2Coercion(esm('StripeResource.js')), "from './autoPagination.js';", SLIM_PAGINATION),
      'StripeResource.js',
      opts,
    ),
    'auto-pagination.slim.js': finish(
      v1ListsOnly(withoutV2Coercion(esm('autoPagination.js'))),
      'autoPagination.js',
      opts,
    ),
  };
}

const SLIM_PAGINATION = "from './auto-pagination.slim.js';";

/** Every resource `stripe.core.js` builds: client property -> class and the file it is imported from. */
export function builtResources(core: string): Map<string, Built> {
  const built = new Map<string, Built>();
  for (const m of core.matchAll(/^ {8}this\.(\w+) = new (\w+)\(this\);$/gm)) {
    const from = core.match(new RegExp(`^import \\{ ${m[2]},? \\} from '\\./([^']+)';$`, 'm'));
    if (from) built.set(m[1]!, { cls: m[2]!, file: from[1]! });
  }
  return built;
}

/**
 * The SDK's v2 coercion (int64/decimal strings to BigInt/`Decimal`, with `Decimal` itself ~7 KiB)
 * runs only for a method spec with a request or response schema; the slim resources carry none
 * (./resources.ts), so identity stand-ins keep both call sites' code unchanged.
 */
function withoutV2Coercion(source: string): string {
  const line = source.match(/^import \{ (coerceV2\w+(?:, coerceV2\w+)*) \} from '\.\/V2Coercion\.js';\n/m);
  if (!line) throw new Error('expected an import from ./V2Coercion.js');
  const names = line[1]!.split(', ');
  const stubs = names.map((n) => `const ${n} = (data) => data;\n`).join('');
  return source.replace(
    line[0],
    `// Slim build: no kept method has a v2 schema to coerce by (see tools/stripe-slim).\n${stubs}`,
  );
}

/**
 * Auto-pagination for v1 lists only: the kept methods page no search and no v2 list (the generated
 * resources are checked for that), so those iterators and their branches are left out.
 */
function v1ListsOnly(source: string): string {
  let out = source;
  for (const cls of ['V1SearchIterator', 'V2ListIterator']) {
    out = removeLine(out, new RegExp(`^class ${cls}\\b[^]*?^\\}\\n`, 'm'));
  }
  const branch = (mode: string, type: string, body: string) =>
    `    if (apiMode ${mode} 'v2' && methodType === '${type}') {\n        return makeAutoPaginationMethodsFromIterator(new ${body}));\n    }\n`;
  out = removeLine(
    out,
    branch('!==', 'search', 'V1SearchIterator(firstPagePromise, params, options, method, path, spec, stripeResource'),
  );
  out = removeLine(out, branch('===', 'list', 'V2ListIterator(firstPagePromise, options, spec, stripeResource'));
  out = removeLine(
    out,
    branch('===', 'search', "V2ListIterator(firstPagePromise, options, spec, stripeResource, 'POST', params"),
  );
  if (/V1SearchIterator|V2ListIterator/.test(out))
    throw new Error('autoPagination.js: a search or v2 iterator is still used');
  return out;
}

function finish(source: string, from: string, { sdkPath, version }: Options): string {
  return header(version, from) + withSdkPaths(stripSourceMap(source), sdkPath);
}

interface Options {
  /** The path prefix the output's imports of the SDK's own modules start with (ends in `/`). */
  sdkPath: string;
  version: string;
}

const header = (version: string, from: string) =>
  `// Generated by tools/stripe-slim/generate.ts (npm run stripe:slim) from stripe@${version}'s esm/${from}: do not edit.\n`;

/** `esm/stripe.core.js` with only the `keep` resources constructed and imported. */
export function slimCore(source: string, { keep, sdkPath, version }: Options & { keep: readonly string[] }): string {
  // `this.checkout = new Checkout(this);`: the constructor's resources, property -> class.
  const built = new Map<string, string>();
  for (const m of source.matchAll(/^ {8}this\.(\w+) = new (\w+)\(this\);$/gm)) built.set(m[1]!, m[2]!);
  const missing = keep.filter((k) => !built.has(k));
  if (missing.length > 0) throw new Error(`stripe.core.js builds no ${missing.join(', ')}`);
  const dropped = [...built].filter(([prop]) => !keep.includes(prop));

  let out = source;
  for (const [prop, cls] of dropped) out = removeLine(out, `        this.${prop} = new ${cls}(this);\n`);
  // Then every resource import nothing uses any more (the dropped ones, and any the SDK never used).
  for (const m of source.matchAll(/^import \{ (\w+),? \} from '\.\/resources[^']*';\n/gm)) {
    if (!usedOutsideImports(out, m[1]!)) out = removeLine(out, m[0]);
  }
  // The kept resources: built by the generated module, with only the kept methods.
  const keptClasses: string[] = [];
  for (const m of out.matchAll(/^import \{ (\w+),? \} from '\.\/resources\/[^']*';\n/gm)) keptClasses.push(m[1]!);
  out = out.replace(/^import \{ (\w+),? \} from '\.\/resources\/[^']*';\n/gm, '');
  out = replaceOnce(
    out,
    '// StripeInstanceImports: The beginning of the section generated from our OpenAPI spec\n',
    `// StripeInstanceImports: The beginning of the section generated from our OpenAPI spec\nimport { ${keptClasses.join(', ')} } from './stripe-resources.slim.js';\n`,
  );
  out = replaceOnce(
    out,
    "import { StripeResource } from './StripeResource.js';",
    "import { StripeResource } from './stripe-resource.slim.js';",
  );
  // The webhooks helper (~5 KiB): the Worker verifies Stripe's signatures itself (worker/stripe/client.ts).
  out = replaceOnce(
    out,
    "import { createWebhooks } from './Webhooks.js';\n",
    '// Slim build: no webhooks helper (the Worker verifies signatures itself; see tools/stripe-slim).\nconst createWebhooks = () => undefined;\n',
  );
  // `Decimal` (~7 KiB) is exposed as `stripe.Decimal` only for callers to build amounts with; none does.
  out = replaceOnce(
    out,
    "import { Decimal, } from './shared.js';\n",
    '// Slim build: no `Decimal` (nothing builds decimal amounts; see tools/stripe-slim).\nconst Decimal = undefined;\n',
  );
  // `account` is the SDK's old alias of `accounts`.
  if (!keep.includes('accounts')) out = removeLine(out, '        this.account = this.accounts;\n');
  // The namespace of every resource class, kept only for `Stripe.resources` and an unused
  // `_prepResources()`: an empty one keeps both working and drops the classes.
  out = replaceOnce(
    out,
    "import * as resources from './resources.js';\n",
    '// Slim build: no namespace of every resource class (see tools/stripe-slim).\nconst resources = {};\n',
  );
  // Thin (v2) event notifications (their handler ~13 KiB, the client's methods for them) and
  // `withStripeContext`: the Worker verifies v1 events itself and uses one client per key.
  out = replaceOnce(
    out,
    "import { StripeEventNotificationHandler, } from './StripeEventNotificationHandler.js';\n",
    '// Slim build: no thin (v2) event notifications (see tools/stripe-slim).\n',
  );
  for (const method of UNUSED_CLIENT_METHODS) out = removeMethod(out, method);
  if (usedOutsideImports(out, 'StripeEventNotificationHandler')) throw new Error('a thin event handler is still used');
  for (const [, cls] of dropped) {
    const imported = new RegExp(`\\{ ${cls},? \\}`).test(out);
    if (imported || usedOutsideImports(out, cls)) throw new Error(`${cls} is still referenced after removal`);
  }
  return header(version, 'stripe.core.js') + withSdkPaths(stripSourceMap(out), sdkPath);
}

/** `esm/stripe.esm.worker.js` importing the slim core instead of the SDK's. */
export function slimEntry(source: string, { sdkPath, version, core }: Options & { core: string }): string {
  let out = replaceOnce(source, "from './stripe.core.js';", `from '${core}';`);
  out = removeLine(out, "export { Decimal } from './Decimal.js';\n");
  return header(version, 'stripe.esm.worker.js') + withSdkPaths(stripSourceMap(out), sdkPath);
}

/** Methods of the client class the Worker never calls (nor does the SDK's request path). */
const UNUSED_CLIENT_METHODS = [
  '_buildEventNotification',
  'parseEventNotification',
  'parseEventNotificationAsync',
  'parseEventNotificationWithoutVerification',
  'withStripeContext',
  'notificationHandler',
  'notificationHandlerWithoutVerification',
  '_prepResources',
];

/** `stripe.core.js` without the client class's method `name` (its doc comment, its text to its closing brace). */
function removeMethod(source: string, name: string): string {
  const doc = '(?:^ {4}/\\*\\*\\n(?:^ {5}\\*.*\\n)*?)?';
  return removeLine(source, new RegExp(`${doc}^ {4}(?:async )?${name}\\([^]*?^ {4}\\}\\n`, 'm'));
}

function usedOutsideImports(source: string, name: string): boolean {
  return new RegExp(`\\b${name}\\b`).test(source.replace(/^import .*\n/gm, ''));
}

function withSdkPaths(source: string, sdkPath: string): string {
  return source.replace(/ from '\.\/(?![\w-]+\.slim\.js)([^']+)';/g, ` from '${sdkPath}$1';`);
}

// The SDK's maps sit beside its files, not ours.
function stripSourceMap(source: string): string {
  return source.replace(/^\/\/# sourceMappingURL=.*\n?/m, '');
}

function removeLine(source: string, line: string | RegExp): string {
  const out = source.replace(line, '');
  if (out === source) throw new Error(`stripe.core.js has no line ${String(line).trim()}`);
  return out;
}

function replaceOnce(source: string, from: string, to: string): string {
  if (source.split(from).length !== 2) throw new Error(`expected exactly one ${from.trim()}`);
  return source.replace(from, to);
}
