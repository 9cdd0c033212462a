// What `hono-openapi` is inside the deployed Worker (wrangler.toml [alias]): the routes keep
// describing themselves with its `describeRoute` and `validator`, but the OpenAPI document is
// generated at build time (tools/openapi/generate.ts, with the real library, into
// worker/service/openapi.json) and served from that file. Describing is a no-op here, validating
// is Hono's Standard Schema validator (the same result shape hono-openapi hands its hook), and the
// generator, its JSON Schema converters and zod's toJSONSchema stay out of the bundle (~16 KiB gzip).
import { sValidator } from '@hono/standard-validator';
import type { MiddlewareHandler } from 'hono';
import document from './openapi.json';

export const describeRoute = (_spec: unknown): MiddlewareHandler => {
  return async (_c, next) => {
    await next();
  };
};

export const validator = sValidator;

export const openAPIRouteHandler =
  (_app: unknown, _options: unknown): MiddlewareHandler =>
  async (c) =>
    c.json(document);
