// bench/time-to-visible.svg: the CDF of row 1's waits, push against polling.
import { VISIBLE } from '../config';
import { cdfSvg } from '../lib/chart';
import { POLL_LAST_MS } from '../phases/visible';
import type { Figures } from './rows';
import type { BenchRun } from './run-data';

export function visibleChart({ live }: BenchRun, f: Figures): string {
  const { visible } = live;
  return cdfSvg({
    title: 'Time to visible credits after the webhook: push vs polling',
    subtitle: `${visible.length} purchases, webhook ${VISIBLE.minDelay / 1000}–${VISIBLE.maxDelay / 1000} s after the redirect (${VISIBLE.late} late, > ${POLL_LAST_MS / 1000} s); log time axis`,
    xLabel: "wait from the webhook request's start until the credits are visible (log scale)",
    series: [
      {
        label: 'push (WebSocket)',
        color: '#4f46e5',
        values: f.pushAfterStart.filter((v): v is number => v !== null),
        total: visible.length,
        missingNote: f.pushNever ? `${f.pushNever} never` : undefined,
      },
      {
        label: "polling (seed's plan: 1 s, then every 2 s, 5 retries)",
        color: '#dc2626',
        values: f.pollAfterStart.filter((v): v is number => v !== null),
        total: visible.length,
        missingNote: `${f.pollNever} never shown`,
      },
    ],
  });
}
