// The emulator's state file: loads the store at start, rewrites it atomically (temp file + rename) a
// little after each change, and lets a request wait until its change is on disk before it answers.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { EmulatorStore } from './store';

const FORMAT = 'creditcast-stripe-emulator-state';
const VERSION = 1;

// Every Map of the store, saved as [key, value] pairs in insertion (= creation) order.
const MAPS = [
  'sessions',
  'paymentIntents',
  'charges',
  'refunds',
  'disputes',
  'events',
  'idempotentReplies',
  'pendingDeliveries',
  'pendingSettlements',
] as const;
type MapName = (typeof MAPS)[number];

interface StateFile {
  format: typeof FORMAT;
  version: typeof VERSION;
  savedAt: string;
  maps: Record<MapName, Array<[string, unknown]>>;
  deliveries: unknown[];
}

function snapshot(store: EmulatorStore): StateFile {
  const maps = {} as StateFile['maps'];
  for (const name of MAPS) maps[name] = [...(store[name] as Map<string, unknown>)];
  // A request still running has no answer to replay; a retry after the restart runs it afresh.
  maps.idempotentReplies = maps.idempotentReplies.filter(([, reply]) => (reply as { response?: unknown }).response);
  return { format: FORMAT, version: VERSION, savedAt: new Date().toISOString(), maps, deliveries: store.deliveries };
}

function isPairList(value: unknown): value is Array<[string, unknown]> {
  return (
    Array.isArray(value) &&
    value.every((pair) => Array.isArray(pair) && pair.length === 2 && typeof pair[0] === 'string' && pair[1] !== null)
  );
}

function parseStateFile(text: string): StateFile {
  const data = JSON.parse(text) as Partial<StateFile> | null;
  if (data?.format !== FORMAT || data.version !== VERSION)
    throw new Error('not an emulator state file of this version');
  if (!data.maps || !Array.isArray(data.deliveries)) throw new Error('maps or deliveries missing');
  for (const name of MAPS) {
    if (!isPairList(data.maps[name])) throw new Error(`${name} is not a list of [id, object] pairs`);
  }
  return data as StateFile;
}

/**
 * Fills the (empty) store from `path`. A missing file is a first start; an unreadable or corrupt one
 * is moved aside to `<path>.corrupt` and the emulator starts empty. Either way it says so in one line.
 */
export function loadState(path: string, store: EmulatorStore, log: (line: string) => void): boolean {
  if (!existsSync(path)) {
    log(`state file ${path} not found: starting empty`);
    return false;
  }
  let state: StateFile;
  try {
    state = parseStateFile(readFileSync(path, 'utf8'));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    try {
      renameSync(path, `${path}.corrupt`);
    } catch {
      // unreadable and unmovable: the first save overwrites it
    }
    log(`state file ${path} is unreadable (${reason}): moved to ${path}.corrupt, starting empty`);
    return false;
  }
  for (const name of MAPS) {
    const map = store[name] as Map<string, unknown>;
    for (const [key, value] of state.maps[name]) map.set(key, value);
  }
  store.deliveries.push(...(state.deliveries as EmulatorStore['deliveries']));
  log(
    `state loaded from ${path} (saved ${state.savedAt}): ${store.sessions.size} sessions, ${store.events.size} events, ` +
      `${store.pendingDeliveries.size} pending deliveries`,
  );
  return true;
}

interface Waiter {
  version: number;
  resolve: () => void;
}

/**
 * Debounced, atomic saving. `changed()` schedules a write `debounceMs` later (changes in between share
 * it); `committed()` resolves once a write holding every change made so far is on disk, so an answer
 * to a client never gets ahead of the file (a SIGKILL right after it loses nothing the client saw).
 * Writes are synchronous: one JSON.stringify + write + rename, with nothing else interleaving. A large
 * state spaces its writes out (at least 4× the last write's duration apart) so saving stays a small
 * share of the emulator's time.
 */
export class StatePersister {
  private version = 0;
  private savedVersion = 0;
  private timer: NodeJS.Timeout | undefined;
  private lastWriteMs = 0;
  private waiters: Waiter[] = [];
  private closed = false;

  constructor(
    private readonly path: string,
    private readonly store: EmulatorStore,
    private readonly debounceMs: number,
    private readonly log: (line: string) => void,
  ) {
    mkdirSync(dirname(path), { recursive: true });
  }

  changed(): void {
    if (this.closed) return;
    this.version++;
    this.timer ??= setTimeout(() => this.flush(), Math.max(this.debounceMs, 4 * this.lastWriteMs));
  }

  /** Resolves when every change made before this call is saved (at once if none is pending). */
  committed(): Promise<void> {
    if (this.savedVersion >= this.version) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ version: this.version, resolve }));
  }

  /** Writes now if anything changed since the last write. Also used at shutdown. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.savedVersion >= this.version) return;
    const version = this.version;
    const started = performance.now();
    try {
      const temp = `${this.path}.${process.pid}.tmp`;
      writeFileSync(temp, JSON.stringify(snapshot(this.store)));
      renameSync(temp, this.path); // atomic: a reader (or a crash) sees the old file or the new one
    } catch (error) {
      // Keep serving; the next change tries again. Waiters are released so requests do not hang.
      this.log(`could not save state to ${this.path}: ${error instanceof Error ? error.message : String(error)}`);
    }
    this.lastWriteMs = performance.now() - started;
    this.savedVersion = version;
    const ready = this.waiters.filter((waiter) => waiter.version <= version);
    this.waiters = this.waiters.filter((waiter) => waiter.version > version);
    for (const waiter of ready) waiter.resolve();
  }

  /** The final write; later changes are not saved. */
  close(): void {
    this.flush();
    this.closed = true;
  }
}
