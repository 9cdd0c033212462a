// GET /embed/creditcast.js: the client bundle the site build writes to site/dist/embed/ (the same
// code `npm run build:client` makes), served to any app's page with CORS `*`, a short max-age and a
// content-hash ETag (304 while unchanged).
import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { ORIGIN } from '../helpers';

const script = (headers: Record<string, string> = {}) =>
  SELF.fetch(`${ORIGIN}/embed/creditcast.js`, { headers: { origin: 'https://app.example', ...headers } });

describe('GET /embed/creditcast.js', () => {
  it('serves the client module with CORS *, a short max-age and an ETag', async () => {
    const res = await script();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    expect(res.headers.get('cache-control')).toBe('public, max-age=300, must-revalidate');
    expect(res.headers.get('etag')).toMatch(/^(W\/)?"[^"]+"$/);
    const code = await res.text();
    // The module defines the element apps put in their pages.
    expect(code).toContain('creditcast-balance');
    expect(code).not.toMatch(/^\s*import\s/m);
  });

  it('answers 304 to a matching If-None-Match, still with CORS', async () => {
    const etag = (await script()).headers.get('etag') ?? '';
    const res = await script({ 'if-none-match': etag });
    expect(res.status).toBe(304);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('serves nothing else under /embed/ as script', async () => {
    const res = await SELF.fetch(`${ORIGIN}/embed/other.js`);
    expect(res.status).toBe(404);
  });
});
