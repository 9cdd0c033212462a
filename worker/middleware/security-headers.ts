// Security headers on every answer the Worker gives (API, the "/" redirect, errors). Static assets
// are served without running the Worker, so site/public/_headers carries the same values for them
// (test/security-headers.test.ts checks the two agree).
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../env';

/**
 * Fits the built site: one external module script and one stylesheet from our own origin, no
 * inline script or style, the data: favicon, and the API and the balance socket on our own origin
 * ('self' covers ws:/wss: of the same host in CSP 3 browsers). No framing at all (clickjacking).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  'X-Frame-Options': 'DENY',
};

/** Two years, subdomains included; sent only over https (RFC 6797: ignored on http anyway). */
export const STRICT_TRANSPORT_SECURITY = 'max-age=63072000; includeSubDomains';

export const securityHeaders = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  // A 101 hands the connection to the socket: there is no document to protect.
  if (c.res.status === 101) return;
  // A Response from fetch() (a Durable Object's, say) has immutable headers: copy it first.
  c.res = new Response(c.res.body, c.res);
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) c.res.headers.set(name, value);
  if (new URL(c.req.url).protocol === 'https:')
    c.res.headers.set('Strict-Transport-Security', STRICT_TRANSPORT_SECURITY);
});
