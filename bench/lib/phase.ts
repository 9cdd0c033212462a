// Runs one named bench phase: prints its title, times it, and keeps the time for RESULTS.md's notes.
export const phaseTimes: Record<string, number> = {};

export async function phase<T>(name: string, fn: () => Promise<T> | T): Promise<T> {
  console.log(`\n▶ ${name}`);
  const t = performance.now();
  try {
    return await fn();
  } finally {
    phaseTimes[name] = (performance.now() - t) / 1000;
    console.log(`  (${phaseTimes[name]!.toFixed(1)} s)`);
  }
}
