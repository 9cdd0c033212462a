// Why the app cancelled a subscription itself, defined once (schema, guard and API share it).
export const VOID_REASONS = ['duplicate', 'closed_account'] as const;
export type VoidReason = (typeof VOID_REASONS)[number];
