// What `hono-openapi` is inside the deployed Worker (wrangler.toml [alias]): the routes keep
// describing themselves with its `describeRoute` and `validator`, but the OpenAPI document is
// generated at build time (tools/openapi/generate.ts, with the real library, into
// worker/service/openapi.json), which the site build copies into the static assets at the route's
// own path (tools/openapi/asset.ts); the route serves it from there. Describing is a no-op here,
// validating is Hono's Standard Schema validator (the same result shape hono-openapi hands its hook),
// and the generator, its JSON Schema converters, zod's toJSONSchema (~16 KiB gzip) and the document
// itself (~3 KiB gzip) stay out of the bundle.
import { sValidator } from '@hono/standard-validator';
import type { MiddlewareHandler } from 'hono';
import { notFound } from '../errors';

/** The document's place in the static assets: the route's own URL (tools/openapi/asset.ts writes it). */
export const OPENAPI_PATH = '/api/v1/openapi.json';

export const describeRoute = (_spec: unknown): MiddlewareHandler => {
  return async (_c, next) => {
    await next();
  };
};

export const validator = sValidator;

export const openAPIRouteHandler =
  (_app: unknown, _options: unknown): MiddlewareHandler<{ Bindings: Pick<Env, 'ASSETS'> }> =>
  async (c) => {
    // A fresh GET, not the caller's request: the answer stays the whole document, never a 304.
    const asset = await c.env.ASSETS.fetch(new URL(OPENAPI_PATH, c.req.url));
    // A missing file would come back as the site's index.html (the SPA fallback), never as JSON.
    if (!(asset.ok && /json/.test(asset.headers.get('content-type') ?? ''))) {
      throw notFound('not_found', 'The OpenAPI document is not built: npm run build:site.');
    }
    return new Response(asset.body, { headers: { 'Content-Type': 'application/json' } });
  };
