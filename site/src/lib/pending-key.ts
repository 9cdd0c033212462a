// Idempotency keys that survive a reload: a key is kept in sessionStorage from the first attempt
// until the server's definite answer, so a retry after a reload mid-request cannot buy or spend twice.

/** The part of the Web Storage API this module uses (sessionStorage in the browser, a stub in tests). */
export type KeyStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export interface PendingKey {
  /**
   * The key for an attempt with these parameters: the pending one if it was made for the same
   * parameters, otherwise a fresh one (stored before it is returned). Reusing a key with other
   * parameters would be refused by the server, so a changed request starts over.
   */
  take(params: string): string;
  /** Forgets the pending key: call once the server has answered definitely (success or a 4xx). */
  settle(): void;
}

/** A fresh idempotency key; falls back to getRandomValues where randomUUID is missing (non-secure http origins). */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** sessionStorage, or undefined where it is missing or refuses access (some privacy modes throw on read). */
function browserStorage(): KeyStorage | undefined {
  try {
    return globalThis.sessionStorage;
  } catch {
    return undefined;
  }
}

/**
 * A pending key for one action (`name` is e.g. "spend"). Storage failures (quota, privacy modes)
 * fall back to memory: the key then lasts as long as the page, as it did before.
 */
export function pendingKey(name: string, storage: KeyStorage | undefined = browserStorage()): PendingKey {
  const slot = `creditcast.pending-key.${name}`;
  let memory: { params: string; key: string } | undefined;

  const read = (): { params: string; key: string } | undefined => {
    try {
      const raw = storage?.getItem(slot);
      if (raw) {
        const saved: unknown = JSON.parse(raw);
        if (isEntry(saved)) return saved;
      }
    } catch {
      // Unreadable or corrupt: fall through to the in-memory copy.
    }
    return memory;
  };

  return {
    take(params) {
      const pending = read();
      if (pending?.params === params) return pending.key;
      memory = { params, key: newIdempotencyKey() };
      try {
        storage?.setItem(slot, JSON.stringify(memory));
      } catch {
        // Kept in memory only.
      }
      return memory.key;
    },
    settle() {
      memory = undefined;
      try {
        storage?.removeItem(slot);
      } catch {
        // Nothing stored to forget.
      }
    },
  };
}

function isEntry(value: unknown): value is { params: string; key: string } {
  const entry = value as { params?: unknown; key?: unknown } | null;
  return typeof entry?.params === 'string' && typeof entry.key === 'string' && entry.key.length > 0;
}
