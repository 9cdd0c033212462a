// Request validation: zod schemas (zod/mini keeps the bundle small) behind Hono's validator,
// turning the first issue into a 400 that names the field.
import { zValidator } from '@hono/zod-validator';
import type { ValidationTargets } from 'hono';
import type * as z from 'zod/mini';
import { invalidRequest } from './errors';

function describeIssue(issues: readonly z.core.$ZodIssue[]): string {
  const issue = issues[0];
  if (!issue) return 'The request is invalid.';
  const field = issue.path.map(String).join('.');
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
