// What every /v1 handler reads from the request: the parsed parameters and the request id (set by api-routes' middleware).
import type { Context } from 'hono';
import type { EventRequest } from '../objects/objects';
import type { FormObject } from '../params/form-encoding';

export type ApiEnv = {
  Variables: {
    /** Query (GET) or form body (POST), parsed into nested objects. */
    params: FormObject;
    requestId: string;
  };
};

/** The `request` an event records: this request's id and Idempotency-Key. */
export function eventRequest(c: Context<ApiEnv>): EventRequest {
  return { id: c.var.requestId, idempotencyKey: c.req.header('Idempotency-Key') ?? null };
}
