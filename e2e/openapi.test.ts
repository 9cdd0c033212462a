// The service API's OpenAPI document as the running stack serves it: valid OpenAPI 3.1 by a real
// validator (@seriousme/openapi-schema-validator), and listing every route the service router has.
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, inject, it } from 'vitest';

type Documented = { content?: Record<string, { schema?: unknown }> };
type Document = {
  openapi: string;
  paths: Record<string, Record<string, { security?: unknown[]; responses?: Record<string, Documented> }>>;
  components: { schemas: Record<string, unknown> };
};

/** GET on the stack; once more on a dropped keep-alive socket (wrangler closes idle ones under load). */
async function get(path: string): Promise<Response> {
  try {
    return await fetch(`${inject('appUrl')}${path}`);
  } catch {
    return fetch(`${inject('appUrl')}${path}`);
  }
}

async function served(): Promise<Document> {
  // No key: the document is public.
  const res = await get('/api/v1/openapi.json');
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/application\/json/);
  return (await res.json()) as Document;
}

/**
 * Every method + path the Worker's service router answers, in OpenAPI's `{param}` form. The router is
 * loaded at run time by URL: its types need the Worker's tsconfig (workers types, Env), not this one.
 */
async function routerOperations(): Promise<string[]> {
  const module = new URL('../worker/service/routes.ts', import.meta.url).href;
  const { serviceRoutes } = (await import(module)) as { serviceRoutes: { routes: { method: string; path: string }[] } };
  const ops = serviceRoutes.routes
    .filter((r) => r.method !== 'ALL' && r.path !== '/openapi.json')
    .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`);
  return [...new Set(ops)].sort();
}

describe('GET /api/v1/openapi.json on the dev stack', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const doc = await served();
    const validator = new Validator();
    const result = await validator.validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
    // The validator does reject a broken copy (so the pass above means something).
    const broken = structuredClone(doc) as Record<string, unknown>;
    delete broken.info;
    expect((await new Validator().validate(broken)).valid).toBe(false);
  });

  it('lists every service route, each behind the API key', async () => {
    const doc = await served();
    const documented = Object.entries(doc.paths)
      .flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`))
      .sort();
    const routes = await routerOperations();
    expect(routes.length).toBeGreaterThanOrEqual(10);
    expect(routes).toContain('POST /users/{userId}/holds/{id}/capture');
    expect(documented).toEqual(routes);
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        expect(op.security, `${method} ${path}`).toEqual([{ apiKey: [] }]);
        expect(op.responses?.['401']?.content?.['application/json']?.schema, `${method} ${path}`).toEqual({
          $ref: '#/components/schemas/Error',
        });
      }
    }
  });

  it('documents errors in the shape the API really sends', async () => {
    const doc = await served();
    expect(doc.components.schemas.Error).toMatchObject({ required: ['error'] });
    // hono-openapi's default 400 ({success, error: [...]}) is not what the app sends.
    expect(doc.paths['/users/{userId}/holds']?.post?.responses?.['400']?.content?.['application/json']?.schema).toEqual(
      {
        $ref: '#/components/schemas/Error',
      },
    );
    const res = await get('/api/v1/users/usr_nobody');
    expect(res.status).toBe(401);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('invalid_api_key');
    expect(typeof body.error.message).toBe('string');
  });
});
