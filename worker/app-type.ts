// The Worker's route types for typed clients (the site's api.ts): a type-only entry, no runtime code.
export type { AppType } from './index';
