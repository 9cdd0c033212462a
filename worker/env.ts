// The Hono environment: bindings come from the generated `Env` (worker/env.d.ts, `npm run types`);
// variables are what middleware puts on the context, each set by exactly one middleware.
import type { Db } from './db/client';
import type { SessionUser } from './accounts/sessions';

export interface AppEnv {
  Bindings: Env;
  Variables: {
    db: Db;
    user: SessionUser;
  };
}
