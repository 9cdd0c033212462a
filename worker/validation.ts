// Request validation: zod schemas (zod/mini keeps the bundle small) behind Hono's validator,
// turning the first issue into a 400 that names the field.
import { zValidator } from '@hono/zod-validator';
import type { ValidationTargets } from 'hono';
import { validator as documentedValidator } from 'hono-openapi';
import type * as z from 'zod/mini';
import { invalidRequest } from './errors';

function describeIssue(issues: readonly { path?: readonly unknown[]; message: string }[]): string {
  const issue = issues[0];
  if (!issue) return 'The request is invalid.';
  const field = (issue.path ?? [])
    .map((p) => String(typeof p === 'object' && p !== null && 'key' in p ? p.key : p))
    .join('.');
  return field ? `${field}: ${issue.message}` : issue.message;
}

/** Validates one part of the request (`json`, `query`, `param`); invalid → 400 invalid_request. */
export function validate<Target extends keyof ValidationTargets, Schema extends z.ZodMiniType>(
  target: Target,
  schema: Schema,
) {
  return zValidator(target, schema, (result) => {
    if (!result.success) {
      throw invalidRequest(describeIssue(result.error.issues));
    }
  });
}

/**
 * The same validation, through hono-openapi's validator: the route's schema also becomes its part
 * of the generated OpenAPI document (the service API's). Same 400 body as `validate`.
 */
export function documented<Target extends keyof ValidationTargets, Schema extends z.ZodMiniType>(
  target: Target,
  schema: Schema,
) {
  return documentedValidator(target, schema, (result) => {
    if (!result.success) throw invalidRequest(describeIssue(result.error));
  });
}
