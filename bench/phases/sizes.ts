// Row 5: the Worker bundle as `wrangler deploy` would upload it (minified, gzip), and the site's
// JavaScript per page and locale (gzip), from the manifest when the build writes one, else from the
// imports in the built files themselves.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { LOCALES, type Locale } from '../../worker/vocabulary/locales';

const gz = (buf: Buffer) => gzipSync(buf, { level: 9 }).length;

export interface WorkerSize {
  files: { name: string; raw: number; gzip: number }[];
  raw: number;
  gzip: number;
  /** wrangler's own "Total Upload … / gzip: …" line, for reference. */
  wranglerLine?: string;
}

export function measureWorker(repoDir: string): WorkerSize {
  const out = mkdtempSync(join(tmpdir(), 'creditcast-bench-bundle-'));
  try {
    const run = spawnSync(
      join(repoDir, 'node_modules/.bin/wrangler'),
      ['deploy', '--dry-run', '--minify', '--outdir', out],
      {
        cwd: repoDir,
        encoding: 'utf8',
        timeout: 120_000,
        env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false', NO_COLOR: '1' },
      },
    );
    if (run.status !== 0) throw new Error(`wrangler deploy --dry-run failed:\n${run.stdout}\n${run.stderr}`);
    const files: WorkerSize['files'] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (/\.(m?js|wasm)$/.test(name)) {
          const buf = readFileSync(path);
          files.push({ name: relative(out, path), raw: buf.length, gzip: gz(buf) });
        }
      }
    };
    walk(out);
    if (files.length === 0) throw new Error('wrangler deploy --dry-run wrote no module');
    const wranglerLine = `${run.stdout}\n${run.stderr}`
      .split('\n')
      .find((l) => /Total Upload/i.test(l))
      ?.trim();
    return {
      files,
      raw: files.reduce((s, f) => s + f.raw, 0),
      gzip: files.reduce((s, f) => s + f.gzip, 0),
      wranglerLine,
    };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

export interface PageSize {
  page: string;
  /** The language the page was measured in: it loads that locale's words chunks and no other's. */
  locale: Locale;
  chunks: { file: string; gzip: number }[];
  raw: number;
  gzip: number;
}

export interface SiteSizes {
  method: 'manifest' | 'imports';
  /** One entry per page and locale. */
  pages: PageSize[];
}

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}

/** Static `import … from "./x.js"`, `import "./x.js"` and `export … from "./x.js"` in a built chunk. */
function staticImports(code: string): string[] {
  const found = new Set<string>();
  const re = /(?:\bimport|\bexport)\s*(?:[\w$*{}\s,]*?\s*from\s*)?(["'`])(\.{1,2}\/[^"'`]+?\.js)\1/g;
  for (const m of code.matchAll(re)) found.add(m[2]!);
  return [...found];
}

function dynamicImports(code: string): string[] {
  const found = new Set<string>();
  for (const m of code.matchAll(/\bimport\(\s*(["'`])(\.{1,2}\/[^"'`]+?\.js)\1\s*\)/g)) found.add(m[2]!);
  return [...found];
}

/** Page name from a lazy route chunk's file name: `assets/success-page-BNxUsow5.js` → `success-page`. */
const pageName = (file: string) =>
  posix
    .basename(file)
    .replace(/-[\w-]{8}\.js$/, '')
    .replace(/\.js$/, '');

/**
 * The locale of a words chunk, or undefined for any other chunk. Every set of words is a pair of modules
 * `x.en.ts` / `x.zh.ts` imported on demand (site/src/lib/page-words.ts), so their chunks are `x.en-HASH.js`.
 */
export function wordsLocale(file: string): Locale | undefined {
  const match = /\.([a-z]{2})-[\w-]{8}\.js$/.exec(posix.basename(file));
  return LOCALES.find((locale) => locale === match?.[1]);
}

/**
 * What each page loads, per locale, counting each chunk once: the entry's static import graph, the page
 * chunk's, whatever the page's own code loads with import() (its lazy parts), and the words chunks of that
 * one locale that any of those files import (the layout loads every registered words set before a page
 * renders, and a page chunk's own before it renders). The entry's other import() calls are the other pages.
 */
export function measureSite(distDir: string): SiteSizes {
  const sizeOf = new Map<string, { raw: number; gzip: number }>();
  const size = (file: string) => {
    let s = sizeOf.get(file);
    if (!s) {
      const buf = readFileSync(join(distDir, file));
      s = { raw: buf.length, gzip: gz(buf) };
      sizeOf.set(file, s);
    }
    return s;
  };

  const manifestPath = join(distDir, '.vite/manifest.json');
  let entryFiles: string[];
  let closure: (roots: string[]) => Set<string>;
  /** The chunks a chunk loads with import() (the route table's pages, words, or a page's own lazy parts). */
  let dynamicOf: (file: string) => string[];
  let method: SiteSizes['method'];

  if (existsSync(manifestPath)) {
    method = 'manifest';
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, ManifestChunk>;
    const byKey = manifest;
    const keyOfFile = new Map(Object.entries(manifest).map(([k, c]) => [c.file, k]));
    closure = (roots) => {
      const seen = new Set<string>();
      const visit = (key: string) => {
        const chunk = byKey[key];
        if (!chunk || seen.has(chunk.file)) return;
        seen.add(chunk.file);
        for (const dep of chunk.imports ?? []) visit(dep);
      };
      for (const file of roots) visit(keyOfFile.get(file) ?? file);
      return seen;
    };
    dynamicOf = (file) => (byKey[keyOfFile.get(file) ?? file]?.dynamicImports ?? []).map((k) => manifest[k]!.file);
    entryFiles = Object.values(manifest)
      .filter((c) => c.isEntry && c.file.endsWith('.js'))
      .map((c) => c.file);
  } else {
    method = 'imports';
    const html = readFileSync(join(distDir, 'index.html'), 'utf8');
    entryFiles = [...html.matchAll(/<script[^>]*type="module"[^>]*src="\/?([^"]+)"/g)].map((m) => m[1]!);
    const resolveFrom = (from: string, spec: string) => posix.normalize(posix.join(posix.dirname(from), spec));
    closure = (roots) => {
      const seen = new Set<string>();
      const visit = (file: string) => {
        if (seen.has(file)) return;
        seen.add(file);
        const code = readFileSync(join(distDir, file), 'utf8');
        for (const spec of staticImports(code)) visit(resolveFrom(file, spec));
      };
      roots.forEach(visit);
      return seen;
    };
    dynamicOf = (file) =>
      dynamicImports(readFileSync(join(distDir, file), 'utf8')).map((spec) => resolveFrom(file, spec));
  }
  if (entryFiles.length === 0) throw new Error(`no module entry found in ${distDir}`);

  const base = closure(entryFiles);
  const pageChunks = new Set([...base].flatMap(dynamicOf).filter((file) => !wordsLocale(file)));
  const pageFiles = (chunk: string, locale: Locale) => {
    const files = new Set([...base, ...closure([chunk])]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const file of [...files]) {
        for (const lazy of dynamicOf(file)) {
          const wordsIn = wordsLocale(lazy);
          // The entry's other import() calls are the other pages; another locale's words never load.
          if (files.has(lazy) || (wordsIn ? wordsIn !== locale : base.has(file))) continue;
          for (const f of closure([lazy])) files.add(f);
          grew = true;
        }
      }
    }
    return files;
  };
  const pages: PageSize[] = [...pageChunks].flatMap((chunk) =>
    LOCALES.map((locale) => {
      const files = pageFiles(chunk, locale);
      const chunks = [...files].map((file) => ({ file, gzip: size(file).gzip }));
      return {
        page: pageName(chunk),
        locale,
        chunks,
        raw: [...files].reduce((s, f) => s + size(f).raw, 0),
        gzip: chunks.reduce((s, c) => s + c.gzip, 0),
      };
    }),
  );
  pages.sort((a, b) => a.page.localeCompare(b.page) || a.locale.localeCompare(b.locale));
  return { method, pages };
}

/** Builds the site when site/dist is missing (the sizes phase and the workerd pool need it). */
export function ensureSiteBuilt(repoDir: string): boolean {
  const dist = join(repoDir, 'site/dist/index.html');
  if (existsSync(dist)) return false;
  console.log('site/dist is missing: building the site …');
  const run = spawnSync(
    join(repoDir, 'node_modules/.bin/vite'),
    ['build', '--config', 'site/vite.config.ts', '--logLevel', 'warn'],
    { cwd: repoDir, stdio: 'inherit', timeout: 180_000 },
  );
  if (run.status !== 0 || !existsSync(dist)) throw new Error('vite build of the site failed');
  return true;
}

export const siteDist = (repoDir: string) => join(repoDir, 'site/dist');

export interface ClientSize {
  /** Where it was read: the file the Worker serves at /embed/creditcast.js. */
  file: string;
  raw: number;
  gzip: number;
}

/**
 * The embeddable client, `@creditcast/client`, as an app's page loads it: the bundle the site build
 * writes to site/dist/embed/creditcast.js (the same bytes as `npm run build:client`).
 */
export function measureClient(distDir: string): ClientSize {
  const file = join(distDir, 'embed/creditcast.js');
  if (!existsSync(file)) throw new Error(`${file} is missing: build the site (it builds the client too)`);
  const buf = readFileSync(file);
  return { file: 'site/dist/embed/creditcast.js', raw: buf.length, gzip: gz(buf) };
}
