// The deployed Worker's OpenAPI route (worker/service/openapi-runtime.ts, what wrangler.toml's
// [alias] makes `hono-openapi`): it serves the generated document from the static assets, where the
// site build put it (tools/openapi/asset.ts), byte for byte what the Worker sent when it bundled
// the file. (The pool does not apply the alias, so service-api.test.ts checks the routes' own document.)
import { env } from 'cloudflare:test';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import document from '../../worker/service/openapi.json';
import { OPENAPI_PATH, openAPIRouteHandler } from '../../worker/service/openapi-runtime';

const app = new Hono<{ Bindings: Pick<Env, 'ASSETS'> }>().get(OPENAPI_PATH, openAPIRouteHandler(null, null));

describe("the deployed Worker's OpenAPI document", () => {
  it('is the committed document, compact, as application/json, read from the assets', async () => {
    const res = await app.request(`http://127.0.0.1:8787${OPENAPI_PATH}`, {}, env);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.text()).toBe(JSON.stringify(document));
  });

  it('answers with the whole document even to a conditional request', async () => {
    const first = await env.ASSETS.fetch(`http://127.0.0.1:8787${OPENAPI_PATH}`);
    const etag = first.headers.get('etag') ?? '';
    await first.body?.cancel();
    const res = await app.request(`http://127.0.0.1:8787${OPENAPI_PATH}`, { headers: { 'If-None-Match': etag } }, env);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(JSON.stringify(document));
  });
});
