// The sentence for a duplicate-subscription notice (GET /api/subscription's `notice`), in the page's language.
import type { SubscriptionNotice } from '../../lib/api';
import { locale } from '../../lib/i18n';
import { st } from './subscription-i18n';
import { formatShortDay } from './subscription-view';

export function duplicateNoticeText(notice: SubscriptionNotice, planName: string, now = Date.now()): string {
  return st('sub_duplicate_canceled', { plan: planName, date: formatShortDay(locale(), notice.canceledAt, now) });
}
