// The Worker's layers, enforced (docs/architecture.md): a module imports only its own layer or
// the ones below it, and no source tree has an import cycle, between files or between the Worker's
// folders. The layer table below is the one written down in docs/architecture.md.
import { describe, expect, it } from 'vitest';
import { cycles, importGraph, sourceFiles } from './import-graph';

/**
 * Lowest first. A file belongs to the layer with a pattern matching its path under worker/ (a
 * folder `name/`, or a file). A folder sits whole in one layer: every router lives in one of the
 * HTTP surfaces (routes/, service/, admin/), never beside a capability, so no folder needs an
 * exception and the folders' own imports point down too.
 */
const LAYERS: { name: string; patterns: string[] }[] = [
  { name: 'vocabulary', patterns: ['vocabulary/'] },
  {
    name: 'foundation',
    patterns: ['errors.ts', 'validation.ts', 'fields.ts', 'app-origin.ts', 'db/', 'abuse/'],
  },
  { name: 'ledger', patterns: ['ledger/'] },
  { name: 'stripe', patterns: ['stripe/'] },
  { name: 'webhooks', patterns: ['webhooks/'] },
  { name: 'accounts, audit', patterns: ['accounts/', 'audit/'] },
  { name: 'billing', patterns: ['billing/'] },
  { name: 'subscriptions', patterns: ['subscriptions/'] },
  { name: 'mail', patterns: ['mail/'] },
  { name: 'autotopup', patterns: ['autotopup/'] },
  { name: 'live', patterns: ['live/'] },
  { name: 'studio, history', patterns: ['studio/', 'history/'] },
  { name: 'settlement, closing', patterns: ['settlement/', 'closing/'] },
  { name: 'apps', patterns: ['apps/'] },
  { name: 'request', patterns: ['env.ts', 'middleware/'] },
  { name: 'routes', patterns: ['routes/'] },
  { name: 'service, admin', patterns: ['service/', 'admin/'] },
  { name: 'entry', patterns: ['index.ts', 'cron.ts', 'app-type.ts'] },
];

function layerOf(file: string): number {
  const path = file.slice('worker/'.length);
  return LAYERS.findIndex((l) => l.patterns.some((p) => path === p || path.startsWith(p)));
}

/** Each import of a higher layer from a lower one, as `from (layer) -> to (layer)`. */
function upwardImports(graph: Map<string, string[]>): string[] {
  return [...graph].flatMap(([file, targets]) =>
    targets
      .filter((t) => t.startsWith('worker/') && layerOf(t) > layerOf(file))
      .map((t) => `${file} (${LAYERS[layerOf(file)]?.name}) -> ${t} (${LAYERS[layerOf(t)]?.name})`),
  );
}

/** The graph between the Worker's folders (a top-level file counts as its own folder). */
function folderGraph(graph: Map<string, string[]>): Map<string, string[]> {
  const folderOf = (file: string) =>
    file
      .split('/')
      .slice(0, 2)
      .join('/')
      .replace(/\.tsx?$/, '');
  const folders = new Map<string, string[]>();
  for (const [file, targets] of graph) {
    const from = folderOf(file);
    const edges = folders.get(from) ?? [];
    for (const t of targets) if (folderOf(t) !== from && !edges.includes(folderOf(t))) edges.push(folderOf(t));
    folders.set(from, edges);
  }
  return folders;
}

const workerGraph = importGraph(sourceFiles('worker'));

describe('the Worker layers', () => {
  it('places every Worker module in a layer', () => {
    const unplaced = [...workerGraph.keys()].filter((f) => layerOf(f) === -1);
    expect(unplaced).toEqual([]);
  });

  it('never imports upward (a lower layer from a higher one)', () => {
    expect(upwardImports(workerGraph)).toEqual([]);
  });

  it('keeps the vocabulary pure data the site can import: no imports at all but other words', () => {
    const impure = [...workerGraph]
      .filter(([file]) => file.startsWith('worker/vocabulary/'))
      .flatMap(([file, targets]) =>
        targets.filter((t) => !t.startsWith('worker/vocabulary/')).map((t) => `${file} -> ${t}`),
      );
    expect(impure).toEqual([]);
  });

  it('has no import cycle between the Worker folders', () => {
    expect(cycles(folderGraph(workerGraph))).toEqual([]);
  });

  it('finds an upward import and a folder cycle when there is one (the checks themselves work)', () => {
    // A capability's own router importing the HTTP plumbing, as autotopup/routes.ts once did.
    const graph = new Map([
      ['worker/autotopup/routes.ts', ['worker/middleware/auth.ts', 'worker/autotopup/settings.ts']],
      ['worker/autotopup/settings.ts', ['worker/db/client.ts']],
      ['worker/middleware/auth.ts', ['worker/autotopup/settings.ts']],
    ]);
    expect(upwardImports(graph)).toEqual([
      'worker/autotopup/routes.ts (autotopup) -> worker/middleware/auth.ts (request)',
    ]);
    expect(cycles(folderGraph(graph))).toEqual([['worker/autotopup', 'worker/middleware']]);
    // Top-level files are placed by name, folders by prefix; an unknown folder is unplaced.
    expect(LAYERS[layerOf('worker/fields.ts')]?.name).toBe('foundation');
    expect(LAYERS[layerOf('worker/routes/studio.ts')]?.name).toBe('routes');
    expect(layerOf('worker/newthing/x.ts')).toBe(-1);
  });
});

describe('import cycles', () => {
  for (const tree of ['worker', 'site/src', 'tools', 'packages']) {
    it(`has none between the files of ${tree}/`, () => {
      expect(cycles(importGraph(sourceFiles(tree)))).toEqual([]);
    });
  }

  it('finds a cycle when there is one (the check itself works)', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a']],
    ]);
    expect(cycles(graph)).toEqual([['a', 'b', 'c']]);
  });
});
