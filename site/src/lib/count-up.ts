// The count-up animation's arithmetic: which whole number to show at time t of a from→to run.

/** Ease-out cubic: fast start, gentle landing, so the final digits settle instead of snapping. */
export function easeOutCubic(p: number): number {
  return 1 - (1 - p) ** 3;
}

/** The integer to show `elapsedMs` into a `durationMs` count from `from` to `to`; exactly `to` at the end. */
export function countUpValue(from: number, to: number, elapsedMs: number, durationMs: number): number {
  if (durationMs <= 0 || elapsedMs >= durationMs) return to;
  const p = Math.max(0, elapsedMs) / durationMs;
  return Math.round(from + (to - from) * easeOutCubic(p));
}
