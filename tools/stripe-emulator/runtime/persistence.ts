// The emulator's state file: a journal of changed entries appended a little after each change, compacted
// by an atomic rewrite (temp file + rename); loaded at start; a request can wait until its change is on disk.
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { EmulatorStore, type EventRecord, type IdempotentReply, type TrackedMap } from './store';

const FORMAT = 'creditcast-stripe-emulator-state';
const VERSION = 2;
/** The journal is rewritten whole once its appended part outgrows the last full write (and this). */
const MIN_COMPACT_BYTES = 1 << 20;

// Every Map of the store. Each line after the header is `[map, key, value]` (value null: deleted) or
// `["deliveries", null, attempt]`; replayed in order, later lines win, and Maps keep first-insert order.
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
  'customers',
  'products',
  'prices',
  'paymentMethods',
  'setupIntents',
  'subscriptions',
  'invoices',
  'invoicePayments',
  'testClocks',
  'portalSessions',
  'portalConfigurations',
] as const;
type MapName = (typeof MAPS)[number];

/** The JSON of one saved entry, or undefined to leave it out of the file. */
function savedValue(name: MapName, value: unknown): string | undefined {
  if (name === 'events') {
    // An event is saved as the exact payload it is sent with (a string is cheap to write); loading parses it back.
    const { event: _event, ...saved } = value as EventRecord;
    return JSON.stringify(saved);
  }
  // A request still running has no answer to replay; a retry after the restart runs it afresh.
  if (name === 'idempotentReplies' && !(value as IdempotentReply).response) return undefined;
  return JSON.stringify(value);
}

const line = (name: string, key: string | null, json: string) =>
  `[${JSON.stringify(name)},${JSON.stringify(key)},${json}]\n`;

/**
 * Turns the store's marked changes (TrackedMap) into journal lines, and keeps each entry's saved JSON
 * so a compaction is a string join, not a walk of every object ever made.
 */
class JournalWriter {
  private readonly cache = new Map<MapName, Map<string, string>>(MAPS.map((name) => [name, new Map()]));
  private deliveriesSaved = 0;

  constructor(private readonly store: EmulatorStore) {
    for (const name of MAPS) for (const key of this.map(name).keys()) this.map(name).touch(key);
  }

  private map(name: MapName): TrackedMap<unknown> {
    return this.store[name] as TrackedMap<unknown>;
  }

  /** Whether a reset emptied a map since the last write: then only a full rewrite is right. */
  cleared(): boolean {
    return MAPS.some((name) => this.map(name).cleared) || this.store.deliveries.length < this.deliveriesSaved;
  }

  /** Lines for everything changed since the last call (also updating the cache). */
  changes(): string {
    let text = '';
    for (const name of MAPS) {
      const map = this.map(name);
      const cache = this.cache.get(name)!;
      if (map.cleared) {
        cache.clear();
        map.cleared = false;
      }
      for (const key of map.dirty) {
        const json = map.has(key) ? savedValue(name, Map.prototype.get.call(map, key)) : undefined;
        if (json === cache.get(key)) continue;
        if (json === undefined) cache.delete(key);
        else cache.set(key, json);
        text += line(name, key, json ?? 'null');
      }
      map.dirty.clear();
    }
    const { deliveries } = this.store;
    if (deliveries.length < this.deliveriesSaved) this.deliveriesSaved = 0;
    for (; this.deliveriesSaved < deliveries.length; this.deliveriesSaved++) {
      text += line('deliveries', null, JSON.stringify(deliveries[this.deliveriesSaved]));
    }
    return text;
  }

  /** The whole state as a fresh journal (call changes() first). */
  full(): string {
    let text = `${JSON.stringify({ format: FORMAT, version: VERSION, savedAt: new Date().toISOString() })}\n`;
    for (const name of MAPS) {
      const cache = this.cache.get(name)!;
      // The store's order (creation order), which the cache may not keep after a delete and a re-add.
      for (const key of this.map(name).keys()) {
        const json = cache.get(key);
        if (json !== undefined) text += line(name, key, json);
      }
    }
    for (const attempt of this.store.deliveries) text += line('deliveries', null, JSON.stringify(attempt));
    return text;
  }
}

function parseEntry(name: string, key: unknown, value: unknown): unknown {
  if (name !== 'events' || value === null) return value;
  const record = value as { payload?: unknown; event?: unknown };
  if (typeof record.payload !== 'string') throw new Error(`event ${String(key)} has no payload`);
  record.event = JSON.parse(record.payload);
  return record;
}

/** Replays the journal into the store; throws on anything but a torn last line, which it drops. */
function replay(text: string, store: EmulatorStore, log: (line: string) => void): { savedAt: string } {
  const lines = text.split('\n');
  const header = JSON.parse(lines[0] ?? '') as { format?: string; version?: number; savedAt?: string } | null;
  if (header?.format !== FORMAT || header.version !== VERSION)
    throw new Error('not an emulator state file of this version');
  const last = lines.length - 1 - (lines.at(-1) === '' ? 1 : 0);
  for (let i = 1; i <= last; i++) {
    let entry: [string, string | null, unknown];
    try {
      entry = JSON.parse(lines[i]!);
      if (!Array.isArray(entry) || entry.length !== 3) throw new Error('not a [map, key, value] line');
      const [name, key] = entry;
      if (name === 'deliveries') {
        store.deliveries.push(entry[2] as EmulatorStore['deliveries'][number]);
        continue;
      }
      if (!MAPS.includes(name as MapName) || typeof key !== 'string') throw new Error(`unknown entry ${name}`);
      const map = store[name as MapName] as Map<string, unknown>;
      const value = parseEntry(name, key, entry[2]);
      if (value === null) map.delete(key);
      else map.set(key, value);
    } catch (error) {
      // A crash in the middle of an append leaves a cut-off last line: what it held was never acknowledged.
      if (i === last && lines.at(-1) !== '') {
        log(`state file: dropped a cut-off last line`);
        break;
      }
      throw new Error(`line ${i + 1}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { savedAt: header.savedAt ?? 'unknown' };
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
  let savedAt: string;
  try {
    ({ savedAt } = replay(readFileSync(path, 'utf8'), store, log));
  } catch (error) {
    store.reset();
    const reason = error instanceof Error ? error.message : String(error);
    try {
      renameSync(path, `${path}.corrupt`);
    } catch {
      // unreadable and unmovable: the first save overwrites it
    }
    log(`state file ${path} is unreadable (${reason}): moved to ${path}.corrupt, starting empty`);
    return false;
  }
  log(
    `state loaded from ${path} (compacted ${savedAt}): ${store.sessions.size} sessions, ${store.events.size} events, ` +
      `${store.pendingDeliveries.size} pending deliveries`,
  );
  return true;
}

/** The saved state as plain data, for tests and tools: every map's entries in order, and the delivery log. */
export function readStateFile(path: string): {
  maps: Record<MapName, Array<[string, unknown]>>;
  deliveries: unknown[];
} {
  const store = new EmulatorStore();
  replay(readFileSync(path, 'utf8'), store, () => {});
  const maps = Object.fromEntries(MAPS.map((name) => [name, [...(store[name] as Map<string, unknown>)]]));
  return { maps: maps as Record<MapName, Array<[string, unknown]>>, deliveries: store.deliveries };
}

interface Waiter {
  version: number;
  resolve: () => void;
}

/**
 * Debounced, durable saving. `changed()` schedules a write `debounceMs` later (changes in between share
 * it); `committed()` resolves once a write holding every change made so far is on disk, so an answer
 * to a client never gets ahead of the file (a SIGKILL right after it loses nothing the client saw).
 * A write appends the changed entries; when the appended part outgrows the last full write, the
 * whole state is rewritten to a temp file and renamed over the journal (atomic: a crash leaves the
 * old file or the new one). Writes are synchronous, so nothing interleaves with them.
 */
export class StatePersister {
  private version = 0;
  private savedVersion = 0;
  private timer: NodeJS.Timeout | undefined;
  private waiters: Waiter[] = [];
  private closed = false;
  private readonly journal: JournalWriter;
  private appendedBytes = 0;
  private fullBytes = -1; // no full write yet: the first write is one

  constructor(
    private readonly path: string,
    store: EmulatorStore,
    private readonly debounceMs: number,
    private readonly log: (line: string) => void,
    private readonly minCompactBytes = MIN_COMPACT_BYTES,
  ) {
    mkdirSync(dirname(path), { recursive: true });
    this.journal = new JournalWriter(store);
  }

  changed(): void {
    if (this.closed) return;
    this.version++;
    this.timer ??= setTimeout(() => this.flush(), this.debounceMs);
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
    try {
      const cleared = this.journal.cleared();
      const changes = this.journal.changes();
      if (
        cleared ||
        this.fullBytes < 0 ||
        this.appendedBytes + changes.length > Math.max(this.minCompactBytes, this.fullBytes)
      ) {
        const text = this.journal.full();
        const temp = `${this.path}.${process.pid}.tmp`;
        writeFileSync(temp, text);
        renameSync(temp, this.path);
        this.fullBytes = text.length;
        this.appendedBytes = 0;
      } else if (changes !== '') {
        appendFileSync(this.path, changes);
        this.appendedBytes += changes.length;
      }
    } catch (error) {
      // Keep serving; the next write is a full one. Waiters are released so requests do not hang.
      this.fullBytes = -1;
      this.log(`could not save state to ${this.path}: ${error instanceof Error ? error.message : String(error)}`);
    }
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
