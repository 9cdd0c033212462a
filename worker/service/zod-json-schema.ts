// Bundling shim (wrangler.toml [alias]): hono-openapi's Standard Schema adapter loads zod's JSON
// Schema converter with a dynamic `import('zod/v4/core')`, which keeps the whole namespace (every
// locale table: ~90 KiB gzip) in the Worker. This module gives it the one function it calls.
export { toJSONSchema } from 'zod/mini';
