// The console's status words in the page's language: our checkout, hold and subscription statuses
// and Stripe's own payment words. An unknown status (a newer Worker) shows as it came.
import { type AdminKey, at } from './admin-i18n';

const KEYS: Record<string, AdminKey> = {
  open: 'st_open',
  processing: 'st_processing',
  credited: 'st_credited',
  failed: 'st_failed',
  expired: 'st_expired',
  refunded: 'st_refunded',
  active: 'st_active',
  captured: 'st_captured',
  released: 'st_released',
  trialing: 'st_trialing',
  past_due: 'st_past_due',
  unpaid: 'st_unpaid',
  paused: 'st_paused',
  canceled: 'st_canceled',
  incomplete: 'st_incomplete',
  incomplete_expired: 'st_incomplete_expired',
  paid: 'st_paid',
  disputed: 'st_disputed',
  unknown: 'st_unknown',
};

export function statusWord(status: string): string {
  const key = KEYS[status];
  return key ? at(key) : status;
}
