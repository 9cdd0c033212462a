// The emails the app sends once per thing that happened (mail_sent.kind): pure data.
export const MAIL_KINDS = [
  'pack_receipt',
  'plan_receipt',
  'renewal_failed',
  'auto_topup_receipt',
  'auto_topup_paused',
] as const;
export type MailKind = (typeof MAIL_KINDS)[number];
