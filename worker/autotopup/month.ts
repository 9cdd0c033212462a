// Calendar months in UTC, for the monthly limit: which month a time falls in, and when the next begins.

/** `YYYY-MM` of `now`, in UTC. */
export function monthOf(now: number): string {
  return new Date(now).toISOString().slice(0, 7);
}

/** 00:00 UTC on the 1st of the month after `now`'s: when a `paused_limit` ends. */
export function nextMonthStart(now: number): number {
  const d = new Date(now);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}
