// The emulator's folders depend one way (core ← objects ← runtime ← params ← domain ← routes, pages ← entry points) and no file imports itself round a loop.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = dirname(fileURLToPath(import.meta.url));

// Lower ranks are lower layers. Folders of the same rank (routes, pages) do not import each other.
const RANKS: Record<string, number> = {
  core: 0,
  objects: 1,
  runtime: 2,
  params: 3,
  domain: 4,
  routes: 5,
  pages: 5,
  '.': 6, // main.ts, server.ts, cli-config.ts: the entry points
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'fixtures' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') ? [relative(ROOT, path)] : [];
  });
}

/** The Worker's vocabulary (pure data, below every layer here too): the one import allowed outside the emulator. */
const SHARED_WORDS = '../../worker/vocabulary/';

/** Every relative import of a file (type-only ones too: a type loop is still a loop between modules). */
function importsOf(file: string): string[] {
  const source = readFileSync(join(ROOT, file), 'utf8');
  return [...source.matchAll(/(?:from|import)\s+'(\.{1,2}\/[^']+)'/g)]
    .map((match) => {
      const target = relative(ROOT, resolve(ROOT, dirname(file), match[1]!));
      return target.endsWith('.ts') ? target : `${target}.ts`;
    })
    .filter((target) => !target.startsWith(SHARED_WORDS));
}

const folderOf = (file: string) => (file.includes('/') ? file.slice(0, file.indexOf('/')) : '.');
const isTestCode = (file: string) => file.endsWith('.test.ts') || file.startsWith('test-support');

const files = sourceFiles(ROOT);
const graph = new Map(files.map((file) => [file, importsOf(file)]));

/** Every group of files that import one another round a loop (Tarjan's strongly connected components). */
function importLoops(): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const loops: string[][] = [];
  const visit = (file: string) => {
    index.set(file, index.size);
    low.set(file, index.get(file)!);
    stack.push(file);
    for (const target of graph.get(file) ?? []) {
      if (!index.has(target)) {
        visit(target);
        low.set(file, Math.min(low.get(file)!, low.get(target)!));
      } else if (stack.includes(target)) {
        low.set(file, Math.min(low.get(file)!, index.get(target)!));
      }
    }
    if (low.get(file) !== index.get(file)) return;
    const group = stack.splice(stack.indexOf(file));
    if (group.length > 1 || graph.get(file)?.includes(file)) loops.push(group.sort());
  };
  for (const file of files) if (!index.has(file)) visit(file);
  return loops;
}

describe('the emulator’s imports', () => {
  it('all resolve to files that exist, in a known folder', () => {
    const missing = [...graph].flatMap(([file, targets]) =>
      targets.filter((target) => !graph.has(target)).map((target) => `${file} → ${target}`),
    );
    expect(missing).toEqual([]);
    expect(files.map(folderOf).filter((folder) => !(folder in RANKS))).toEqual([]);
  });

  it('never run round a loop', () => {
    expect(importLoops()).toEqual([]);
  });

  it('only run down the layers (tests and their harness may import anything)', () => {
    const upward = [...graph].flatMap(([file, targets]) => {
      if (isTestCode(file)) return [];
      const from = folderOf(file);
      return targets
        .filter((target) => {
          const to = folderOf(target);
          return to !== from && RANKS[to]! >= RANKS[from]!;
        })
        .map((target) => `${file} → ${target}`);
    });
    expect(upward).toEqual([]);
  });
});
