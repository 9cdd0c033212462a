// `npm run stripe:slim`, the resources part: one module holding, for every kept resource, a class
// with only the methods worker/stripe/resources.ts lists, each method's text taken from the SDK's
// own generated file (so paths, HTTP methods and list specs are the SDK's). Each method's v2 decimal
// schemas are dropped, as the Worker reads no `*_decimal` field (see resources.ts); every step throws
// when the SDK's text is not the shape expected.

/** Kept methods: a resource's method names, or a namespace's sub-resources (`checkout.sessions`). */
export type MethodList = Readonly<Record<string, readonly string[] | Readonly<Record<string, readonly string[]>>>>;

/** The core's class name and SDK file for a top-level resource, read from `esm/stripe.core.js`. */
export interface Built {
  cls: string;
  file: string;
}

/** The generated module's text: `read(path)` reads a file under the SDK's `esm/`. */
export function slimResources(methods: MethodList, built: ReadonlyMap<string, Built>, read: (p: string) => string) {
  const parts: string[] = [];
  for (const [prop, kept] of Object.entries(methods)) {
    const { cls, file } = built.get(prop) ?? missing(`stripe.core.js builds no ${prop}`);
    if (Array.isArray(kept)) {
      parts.push(`export ${resourceClass(read(file), cls, kept as readonly string[], file)}`);
      continue;
    }
    // A namespace (`Checkout`): its index.js builds sub-resources from sibling files.
    const index = read(file);
    const ctor: string[] = [];
    for (const [sub, subMethods] of Object.entries(kept as Record<string, readonly string[]>)) {
      const line = index.match(new RegExp(`^ {8}this\\.${sub} = new (\\w+)\\(stripe\\);$`, 'm'));
      if (!line) missing(`${file} builds no ${sub}`);
      const subCls = line[1]!;
      const from = index.match(new RegExp(`^import \\{ ${subCls},? \\} from '\\./(\\w+\\.js)';$`, 'm'));
      if (!from) missing(`${file} imports no ${subCls}`);
      const subFile = file.replace(/index\.js$/, from[1]!);
      const named = `${cls}${subCls}`;
      parts.push(
        resourceClass(read(subFile), subCls, subMethods, subFile).replace(`class ${subCls} `, `class ${named} `),
      );
      ctor.push(`        this.${sub} = new ${named}(stripe);`);
    }
    parts.push(
      `export class ${cls} {\n    constructor(stripe) {\n        this.stripe = stripe;\n${ctor.join('\n')}\n    }\n}\n`,
    );
  }
  const text = `import { StripeResource } from './stripe-resource.slim.js';\n${parts.join('')}`;
  // The slim auto-pagination pages v1 lists only (tools/stripe-slim/slim.ts).
  if (/methodType: '(?!list')|'\/v2\/|`\/v2\//.test(text)) missing('a kept method is a search or a v2 call');
  return text;
}

/** `class X extends StripeResource { ...kept methods... }`, from the SDK's file for X. */
function resourceClass(source: string, cls: string, kept: readonly string[], file: string): string {
  if (!source.includes(`export class ${cls} extends StripeResource {\n`)) missing(`${file} has no class ${cls}`);
  const bodies = kept.map((name) => {
    const m = source.match(new RegExp(`^ {4}${name}\\([\\w, ]*\\) \\{\\n[\\s\\S]*?^ {4}\\}\\n`, 'm'));
    if (!m) missing(`${file} has no method ${name}`);
    return withoutSchemas(m[0], `${file} ${name}`);
  });
  return `class ${cls} extends StripeResource {\n${bodies.join('')}}\n`;
}

/**
 * A method's `_makeRequest(…, options, { spec })` with the spec's `requestSchema`/`responseSchema`
 * removed (and the spec itself when nothing is left). The request schemas only turn `Decimal`
 * objects into strings, which the Worker never passes; refuse any other kind (int64 coercion).
 */
function withoutSchemas(method: string, where: string): string {
  const spec = method.match(/, options, \{\n([\s\S]*)^ {8}\}\);\n/m);
  if (!spec) return method;
  const entries = spec[1]!.split(/^(?= {12}\w+: )/m).filter((e) => e.trim() !== '');
  const kept = entries.filter((e) => !/^ {12}(requestSchema|responseSchema): /.test(e));
  for (const e of entries) {
    if (!kept.includes(e) && /int64_string/.test(e)) missing(`${where}: an int64 schema the slim build would drop`);
  }
  const replacement = kept.length === 0 ? ', options);\n' : `, options, {\n${kept.join('')}        });\n`;
  return method.replace(spec[0], replacement);
}

function missing(message: string): never {
  throw new Error(message);
}
