// drizzle-kit: `npm run db:generate` writes numbered SQL migrations that wrangler d1 applies.
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  schema: './worker/db/schema.ts',
  out: './migrations',
});
