// The app's public origin, from configuration (APP_ORIGIN), never from the request's Host header:
// the Checkout redirect URLs, the session cookie's Secure flag and the same-origin rule hang on it.
import { notConfigured } from './errors';

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * `APP_ORIGIN` as a URL. Missing or malformed is a configuration error (500, logged), in
 * production and in local development alike: falling back to the Host header is exactly the hole
 * this closes (`Host: evil.example` → redirects to evil.example). Local dev gets it from
 * .dev.vars (copied from .dev.vars.example). Plain http is allowed only for localhost/127.0.0.1.
 */
export function appOrigin(env: Pick<Env, 'APP_ORIGIN'>): URL {
  const url = parseOrigin(env.APP_ORIGIN);
  if (!url) {
    console.error(JSON.stringify({ msg: 'app_origin_not_configured', value: env.APP_ORIGIN ?? null }));
    throw notConfigured(
      'app_origin_not_configured',
      "APP_ORIGIN is not configured: set it to the app's public origin (e.g. https://credits.example.com).",
    );
  }
  return url;
}

function parseOrigin(value: string | undefined): URL | null {
  if (!value) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  // An origin only: no path, query or credentials.
  if (url.origin !== value.replace(/\/$/, '') || url.username || url.password) return null;
  if (url.protocol === 'https:') return url;
  return url.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname) ? url : null;
}
