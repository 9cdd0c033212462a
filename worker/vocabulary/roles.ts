// User roles, defined once: `operator` may use the console and the admin API; everyone else is a `user`.
export const USER_ROLES = ['user', 'operator'] as const;
export type UserRole = (typeof USER_ROLES)[number];
