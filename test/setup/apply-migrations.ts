// Runs before each workerd test file: every file gets its own isolated D1, migrated from scratch.
import { applyD1Migrations, env } from 'cloudflare:test';

await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
