// Stripe's list envelope and cursor pagination (limit, starting_after, ending_before, created ranges), newest first.

import { invalidRequest, resourceMissing } from '../core/stripe-errors';
import type { CreatedFilter, PaginationParams } from '../params/params';

export interface StripeList<T> {
  object: 'list';
  data: T[];
  has_more: boolean;
  url: string;
}

export function stripeList<T>(data: T[], url: string, hasMore = false): StripeList<T> {
  return { object: 'list', data, has_more: hasMore, url };
}

const DEFAULT_LIMIT = 10;

function inCreatedRange(created: number, range: CreatedFilter | undefined): boolean {
  if (!range) return true;
  return (
    (range.gt === undefined || created > range.gt) &&
    (range.gte === undefined || created >= range.gte) &&
    (range.lt === undefined || created < range.lt) &&
    (range.lte === undefined || created <= range.lte)
  );
}

/**
 * One page of `newestFirst`. Cursors are positions in the whole list, as in Stripe: an object that no
 * longer matches the filters still marks where the next page starts.
 */
export function paginate<T extends { id: string; created: number }>(
  newestFirst: T[],
  matches: (item: T) => boolean,
  params: PaginationParams,
  url: string,
  objectName: string,
): StripeList<T> {
  if (params.starting_after !== undefined && params.ending_before !== undefined) {
    throw invalidRequest('You may only specify one of these parameters: ending_before, starting_after.');
  }
  const limit = params.limit ?? DEFAULT_LIMIT;
  const wanted = (item: T) => inCreatedRange(item.created, params.created) && matches(item);
  const cursor = params.starting_after ?? params.ending_before;
  let cursorIndex = -1;
  if (cursor !== undefined) {
    cursorIndex = newestFirst.findIndex((item) => item.id === cursor);
    if (cursorIndex === -1) {
      throw resourceMissing(
        objectName,
        cursor,
        params.starting_after !== undefined ? 'starting_after' : 'ending_before',
        'param',
      );
    }
  }
  if (params.ending_before !== undefined) {
    // The page just newer than the cursor, still listed newest first.
    const newer = newestFirst.slice(0, cursorIndex).filter(wanted);
    const page = newer.slice(Math.max(0, newer.length - limit));
    return stripeList(page, url, newer.length > page.length);
  }
  const older = newestFirst.slice(cursorIndex + 1);
  const page: T[] = [];
  let hasMore = false;
  for (const item of older) {
    if (!wanted(item)) continue;
    if (page.length === limit) {
      hasMore = true;
      break;
    }
    page.push(item);
  }
  return stripeList(page, url, hasMore);
}
