// Test-only bindings added by vitest.config.ts.
declare namespace Cloudflare {
  interface Env {
    TEST_MIGRATIONS: import('cloudflare:test').D1Migration[];
    /** Empty until a test migrates it (test/ledger/migration.test.ts). */
    MIGRATION_DB: D1Database;
  }
}

// Vite's `?raw` imports (a file's text), used to read site/public/_headers in a test.
declare module '*?raw' {
  const text: string;
  export default text;
}
