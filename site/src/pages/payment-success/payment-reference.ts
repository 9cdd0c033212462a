// Payment references for people: a short form of a Checkout Session id, and a support email that carries the full one.

/** `cs_test_a1…z9b2c3` → `cs_test_…b2c3`: Stripe's prefix (mode included) and the last four characters. */
export function shortReference(id: string): string {
  const prefix = /^[a-z]+_(?:test_|live_)?/.exec(id)?.[0] ?? '';
  const rest = id.slice(prefix.length);
  if (rest.length <= 8) return id;
  return `${prefix}…${rest.slice(-4)}`;
}

/** A mailto: link to support whose subject and body name the full reference. */
export function supportMailto(email: string, subject: string, body: string): string {
  return `mailto:${email}?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(body)}`;
}

const SHOWN_KEY = 'creditcast:credited-shown';
const REMEMBERED = 20;

/** The sessions whose credit this browser has shown (so a reload says "already added"). */
export function wasShown(storage: Pick<Storage, 'getItem'> | undefined, sessionId: string): boolean {
  return readShown(storage).includes(sessionId);
}

export function rememberShown(storage: Pick<Storage, 'getItem' | 'setItem'> | undefined, sessionId: string): void {
  const shown = readShown(storage).filter((id) => id !== sessionId);
  shown.push(sessionId);
  try {
    storage?.setItem(SHOWN_KEY, JSON.stringify(shown.slice(-REMEMBERED)));
  } catch {
    // Storage full or blocked (private mode): a reload then falls back to the credited time.
  }
}

function readShown(storage: Pick<Storage, 'getItem'> | undefined): string[] {
  try {
    const parsed: unknown = JSON.parse(storage?.getItem(SHOWN_KEY) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter((id): id is string => typeof id === 'string') : [];
  } catch {
    return [];
  }
}
