// The Worker's layers, enforced (docs/architecture.md): a module imports only its own layer or
// the ones below it, and no source tree has an import cycle, between files or between the Worker's
// folders. The layer table below is the one written down in docs/architecture.md.
import { describe, expect, it } from 'vitest';
import { cycles, importGraph, sourceFiles } from './import-graph';

/**
 * Lowest first. A file belongs to the first layer with a pattern matching its path under worker/
 * (a folder `name/`, or a file). A capability's HTTP edge (its `routes.ts`, admin's socket
 * handler) belongs to the edge, above every capability, even though it lives in the folder.
 */
const LAYERS: { name: string; patterns: (string | RegExp)[] }[] = [
  { name: 'vocabulary', patterns: ['vocabulary/'] },
  { name: 'foundation', patterns: ['errors.ts', 'validation.ts', 'app-origin.ts', 'db/', 'abuse/'] },
  { name: 'ledger', patterns: ['ledger/'] },
  { name: 'stripe', patterns: ['stripe/'] },
  { name: 'webhooks', patterns: ['webhooks/'] },
  { name: 'accounts', patterns: ['accounts/'] },
  {
    name: 'edge',
    patterns: [
      /\/routes\.ts$/,
      'admin/watch.ts',
      'admin/webhook-routes.ts',
      'env.ts',
      'middleware/',
      'routes/',
      'service/',
    ],
  },
  { name: 'entry', patterns: ['index.ts', 'cron.ts', 'app-type.ts'] },
];
// Capabilities sit between accounts and the edge, each above the ones it may use.
LAYERS.splice(
  LAYERS.findIndex((l) => l.name === 'edge'),
  0,
  { name: 'billing', patterns: ['billing/'] },
  { name: 'subscriptions', patterns: ['subscriptions/'] },
  { name: 'mail', patterns: ['mail/'] },
  { name: 'autotopup', patterns: ['autotopup/'] },
  { name: 'live', patterns: ['live/'] },
  { name: 'studio, history', patterns: ['studio/', 'history/'] },
  { name: 'settlement, closing', patterns: ['settlement/', 'closing/'] },
  { name: 'apps', patterns: ['apps/'] },
  { name: 'admin', patterns: ['admin/'] },
);

function layerOf(file: string): number {
  const path = file.slice('worker/'.length);
  const matches = (p: string | RegExp) => (typeof p === 'string' ? path === p || path.startsWith(p) : p.test(file));
  // The edge's patterns win over a capability folder's: check the edge first.
  const edge = LAYERS.findIndex((l) => l.name === 'edge');
  if (LAYERS[edge]?.patterns.some(matches)) return edge;
  return LAYERS.findIndex((l) => l.patterns.some(matches));
}

const workerGraph = importGraph(sourceFiles('worker'));

describe('the Worker layers', () => {
  it('places every Worker module in a layer', () => {
    const unplaced = [...workerGraph.keys()].filter((f) => layerOf(f) === -1);
    expect(unplaced).toEqual([]);
  });

  it('never imports upward (a lower layer from a higher one)', () => {
    const upward = [...workerGraph].flatMap(([file, targets]) =>
      targets
        .filter((t) => t.startsWith('worker/') && layerOf(t) > layerOf(file))
        .map((t) => `${file} (${LAYERS[layerOf(file)]?.name}) -> ${t} (${LAYERS[layerOf(t)]?.name})`),
    );
    expect(upward).toEqual([]);
  });

  it('keeps the vocabulary pure data the site can import: no imports at all but other words', () => {
    const impure = [...workerGraph]
      .filter(([file]) => file.startsWith('worker/vocabulary/'))
      .flatMap(([file, targets]) =>
        targets.filter((t) => !t.startsWith('worker/vocabulary/')).map((t) => `${file} -> ${t}`),
      );
    expect(impure).toEqual([]);
  });

  it("has no import cycle between the Worker folders (a capability's edge files count apart from it)", () => {
    const edge = LAYERS.findIndex((l) => l.name === 'edge');
    const folderOf = (file: string) =>
      layerOf(file) >= edge
        ? file
        : file
            .split('/')
            .slice(0, 2)
            .join('/')
            .replace(/\.tsx?$/, '');
    const folders = new Map<string, string[]>();
    for (const [file, targets] of workerGraph) {
      const from = folderOf(file);
      const edges = folders.get(from) ?? [];
      for (const t of targets) if (folderOf(t) !== from && !edges.includes(folderOf(t))) edges.push(folderOf(t));
      folders.set(from, edges);
    }
    expect(cycles(folders)).toEqual([]);
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
