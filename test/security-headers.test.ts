// Security headers (README "Security"): every answer the Worker gives carries the CSP (no inline
// script, no framing), nosniff and the Referrer-Policy, HSTS only over https; and the static
// assets' site/public/_headers says exactly the same.
import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import headersFile from '../site/public/_headers?raw';
import {
  CONTENT_SECURITY_POLICY,
  SECURITY_HEADERS,
  STRICT_TRANSPORT_SECURITY,
} from '../worker/middleware/security-headers';
import { api, ORIGIN, signUp } from './helpers';

const EXPECTED = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'x-frame-options': 'DENY',
};

function expectSecurityHeaders(res: Response, https = false) {
  for (const [name, value] of Object.entries(EXPECTED)) expect(res.headers.get(name), name).toBe(value);
  expect(res.headers.get('strict-transport-security')).toBe(https ? STRICT_TRANSPORT_SECURITY : null);
}

describe('Worker answers', () => {
  it('carry the security headers: success, redirect, 4xx and 404, JSON and empty', async () => {
    const user = await signUp();
    const answers = {
      health: await api('/api/health'),
      me: await api('/api/auth/me', { cookie: user.cookie }),
      unauthorized: await api('/api/auth/me'),
      invalid: await api('/api/auth/login', { method: 'POST', body: { email: 'x' } }),
      crossOrigin: await api('/api/auth/logout', { method: 'POST', headers: { origin: 'https://evil.example' } }),
      unknownRoute: await api('/api/nope'),
      logout: await api('/api/auth/logout', { method: 'POST', cookie: user.cookie }),
      redirect: await SELF.fetch(`${ORIGIN}/`, { redirect: 'manual' }),
    };
    expect(Object.fromEntries(Object.entries(answers).map(([k, r]) => [k, r.status]))).toEqual({
      health: 200,
      me: 200,
      unauthorized: 401,
      invalid: 400,
      crossOrigin: 403,
      unknownRoute: 404,
      logout: 204,
      redirect: 302,
    });
    for (const res of Object.values(answers)) expectSecurityHeaders(res);
  });

  it('add HSTS only over https', async () => {
    expectSecurityHeaders(await SELF.fetch('https://creditcast.example/api/health'), true);
    expectSecurityHeaders(await SELF.fetch(`${ORIGIN}/api/health`), false);
  });

  it('forbid inline script and framing in the policy itself', () => {
    const directives = Object.fromEntries(
      CONTENT_SECURITY_POLICY.split(';').map((d) => {
        const [name = '', ...values] = d.trim().split(/\s+/);
        return [name, values.join(' ')];
      }),
    );
    expect(directives['script-src']).toBe("'self'");
    expect(directives['frame-ancestors']).toBe("'none'");
    expect(directives['connect-src']).toBe("'self'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval/);
  });
});

describe('site/public/_headers (static assets, served without the Worker)', () => {
  /** The file's blocks: a path line, then its indented `Name: value` lines. */
  const blocks = () => {
    const lines = headersFile.split('\n').filter((l) => l.trim() !== '' && !l.trim().startsWith('#'));
    const out: Record<string, Record<string, string>> = {};
    let path = '';
    for (const line of lines) {
      if (!/^\s/.test(line)) {
        path = line.trim();
        out[path] = {};
        continue;
      }
      const at = line.indexOf(':');
      (out[path] as Record<string, string>)[line.slice(0, at).trim()] = line.slice(at + 1).trim();
    }
    return { order: Object.keys(out), out };
  };

  it('gives every path the same headers as the Worker, plus HSTS', () => {
    const { order, out } = blocks();
    expect(order[0]).toBe('/*');
    expect(out['/*']).toEqual({ ...SECURITY_HEADERS, 'Strict-Transport-Security': STRICT_TRANSPORT_SECURITY });
  });

  it('lets browsers keep the hashed build output for a year (and nothing else)', () => {
    const { order, out } = blocks();
    expect(order).toEqual(['/*', '/assets/*']);
    expect(out['/assets/*']).toEqual({ 'Cache-Control': 'public, max-age=31536000, immutable' });
  });
});
