// loadChunk: retries a failed page chunk, waits out an offline spell, reloads once to a new build.
import { describe, expect, it } from 'vitest';
import { type ChunkEnvironment, ChunkLoadError, entryOf, loadChunk } from './lazy-page';

function fakeEnv(overrides: Partial<ChunkEnvironment> = {}) {
  const calls = { reloads: 0, sleeps: [] as number[], waitedOnline: 0 };
  let reloadedTo: string | null = null;
  const env: ChunkEnvironment = {
    online: () => true,
    whenOnline: async () => {
      calls.waitedOnline++;
    },
    sleep: async (ms) => {
      calls.sleeps.push(ms);
    },
    currentEntry: () => '/assets/index-old.js',
    deployedEntry: async () => '/assets/index-old.js',
    reload: () => {
      calls.reloads++;
    },
    reloadedTo: () => reloadedTo,
    rememberReload: (entry) => {
      reloadedTo = entry;
    },
    ...overrides,
  };
  return { env, calls };
}

/** A loader that fails `n` times, then yields 'page'. */
function failing(n: number) {
  let attempts = 0;
  const load = async () => {
    attempts++;
    if (attempts <= n) throw new TypeError('Failed to fetch dynamically imported module');
    return 'page';
  };
  return { load, attempts: () => attempts };
}

describe('loadChunk', () => {
  it('returns the chunk at once when it loads', async () => {
    const { env, calls } = fakeEnv();
    expect(await loadChunk(async () => 'page', env)).toBe('page');
    expect(calls).toEqual({ reloads: 0, sleeps: [], waitedOnline: 0 });
  });

  it('offline: waits for the network to come back, then loads, however long it takes', async () => {
    let online = false;
    const { load, attempts } = failing(3);
    const { env, calls } = fakeEnv({
      online: () => online,
      whenOnline: async () => {
        calls.waitedOnline++;
        if (calls.waitedOnline === 3) online = true;
      },
    });
    expect(await loadChunk(load, env)).toBe('page');
    expect(attempts()).toBe(4);
    expect(calls.waitedOnline).toBe(3);
    expect(calls.sleeps).toEqual([]); // no backoff spent while offline
    expect(calls.reloads).toBe(0);
  });

  it('online and the same build: retries with backoff, then throws ChunkLoadError', async () => {
    const { load, attempts } = failing(10);
    const { env, calls } = fakeEnv();
    await expect(loadChunk(load, env)).rejects.toBeInstanceOf(ChunkLoadError);
    expect(attempts()).toBe(4);
    expect(calls.sleeps).toEqual([500, 1_000, 2_000]);
    expect(calls.reloads).toBe(0);
  });

  it('a blip: a retry that succeeds needs no reload', async () => {
    const { load } = failing(1);
    const { env, calls } = fakeEnv();
    expect(await loadChunk(load, env)).toBe('page');
    expect(calls.sleeps).toEqual([500]);
  });

  it('the server names another build: reloads to it once, and never loops', async () => {
    const { env, calls } = fakeEnv({ deployedEntry: async () => '/assets/index-new.js' });
    const first = loadChunk(failing(10).load, env);
    await new Promise((r) => setTimeout(r, 10));
    expect(calls.reloads).toBe(1);
    expect(env.reloadedTo()).toBe('/assets/index-new.js');
    void first; // never settles: the page is reloading
    // After the reload, the same stale answer must not reload again: it falls back to retries.
    await expect(loadChunk(failing(10).load, env)).rejects.toBeInstanceOf(ChunkLoadError);
    expect(calls.reloads).toBe(1);
  });

  it('index.html unreachable: keeps retrying instead of reloading', async () => {
    const { env, calls } = fakeEnv({
      deployedEntry: async () => {
        throw new TypeError('offline');
      },
    });
    expect(await loadChunk(failing(2).load, env)).toBe('page');
    expect(calls.reloads).toBe(0);
  });
});

describe('entryOf', () => {
  it('finds the module entry script of a built index.html', () => {
    const html =
      '<head><script type="module" crossorigin src="/assets/index-Bdbv4Kjf.js"></script><link rel="stylesheet" href="/assets/index.css"></head>';
    expect(entryOf(html)).toBe('/assets/index-Bdbv4Kjf.js');
    expect(entryOf('<script src="/x.js"></script>')).toBeNull();
  });
});
