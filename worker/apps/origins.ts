// What an app origin is, with no database in sight (the keys CLI uses it too): exactly what a
// browser sends in `Origin` — scheme, host and port, nothing else — and which URLs lie on one.
export const MAX_ORIGINS_PER_KEY = 20;

/** Hosts that may use plain http: a developer's own machine (as for APP_ORIGIN). */
const LOCAL_HOST = /^(localhost|[a-z0-9-]+\.localhost|127\.0\.0\.1|\[::1\])$/;

export type OriginCheck = { outcome: 'ok'; origin: string } | { outcome: 'invalid'; message: string };

/**
 * One origin as written by an operator. It must be spelt exactly as a browser would send it
 * (`new URL(x).origin === x`): no path (not even "/"), no query, no user, no default port, a
 * lower-case host, and no `*` (a wildcard would let any subdomain — anyone's — read balances).
 */
export function checkOrigin(input: string): OriginCheck {
  const invalid = (why: string): OriginCheck => ({ outcome: 'invalid', message: `"${input}" ${why}` });
  if (input.length > 200) return invalid('is longer than 200 characters');
  if (input.includes('*')) return invalid('has a wildcard: name each origin');
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return invalid('is not an origin (scheme://host[:port])');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return invalid('must be http(s)');
  if (url.protocol === 'http:' && !LOCAL_HOST.test(url.hostname)) {
    return invalid('must be https (plain http only for localhost and 127.0.0.1)');
  }
  if (url.origin !== input) return invalid(`must be exactly scheme://host[:port], like ${url.origin}`);
  return { outcome: 'ok', origin: url.origin };
}

/** A key's whole list: each checked, duplicates dropped, at most MAX_ORIGINS_PER_KEY. */
export function checkOrigins(
  inputs: readonly string[],
): { outcome: 'ok'; origins: string[] } | { outcome: 'invalid'; message: string } {
  const origins = new Set<string>();
  for (const input of inputs) {
    const checked = checkOrigin(input);
    if (checked.outcome === 'invalid') return checked;
    origins.add(checked.origin);
  }
  if (origins.size > MAX_ORIGINS_PER_KEY) {
    return { outcome: 'invalid', message: `at most ${MAX_ORIGINS_PER_KEY} origins per key` };
  }
  return { outcome: 'ok', origins: [...origins].sort() };
}

/**
 * Whether `url` is an absolute http(s) URL on one of `origins` (Checkout's return URLs). The URL is
 * handed to Stripe as written, so anything a parser could read two ways is refused outright:
 * backslashes, whitespace and control characters, and a user:password@ part.
 */
export function isUrlOnOrigins(url: string, origins: readonly string[]): boolean {
  // Printable ASCII only, no space and no backslash (a non-ASCII host is written in punycode).
  if (url.length > 2000 || !/^[\x21-\x5b\x5d-\x7e]*$/.test(url)) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.username || parsed.password) return false;
  // The literal text must begin with the origin too: what Stripe and the browser see is the text.
  const rest = url.slice(parsed.origin.length);
  return (
    origins.includes(parsed.origin) &&
    url.slice(0, parsed.origin.length).toLowerCase() === parsed.origin &&
    (rest === '' || /^[/?#]/.test(rest))
  );
}
