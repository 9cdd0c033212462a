// Test-only bindings added by vitest.config.ts.
declare namespace Cloudflare {
  interface Env {
    TEST_MIGRATIONS: import('cloudflare:test').D1Migration[];
    /** Empty until a test migrates it (test/ledger/migration.test.ts). */
    MIGRATION_DB: D1Database;
  }
}
