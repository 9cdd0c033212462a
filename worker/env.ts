// The Hono environment: bindings come from the generated `Env` (worker/worker-configuration.d.ts, `npm run types`);
// variables are what middleware puts on the context, each set by exactly one middleware.

import type { ApiKey } from './accounts/api-keys';
import type { CurrentSession, SessionAccount } from './accounts/sessions';
import type { Db } from './db/client';

export interface AppEnv {
  Bindings: Env;
  Variables: {
    db: Db;
    /** Set by requireUser; credits/version are as read when the request was authenticated. */
    user: SessionAccount;
    /** Set by requireUser beside `user`: the session the cookie names. */
    session: CurrentSession;
    /** Set by requireApiKey on the service API. */
    apiKey: ApiKey;
  };
}
