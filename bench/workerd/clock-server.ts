// globalSetup (Node) for bench/vitest.config.ts: a tiny clock on 127.0.0.1 that the workerd test
// calls before and after each timed loop. Inside workerd the clock only moves on I/O, so these
// marks, timed here with hrtime, are the trustworthy figure. Writes the result to
// $BENCH_VERIFY_OUT (default bench/.out/verify.json) for bench/run.ts.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

export interface VerifyBenchOutput {
  /** Verifications per timed loop. */
  n: number;
  payloadBytes: number;
  /** Node-observed ms between the start and stop marks of each timed loop / of each empty pair. */
  loopsMs: number[];
  emptyMs: number[];
  /** What performance.now() inside workerd said about each loop (0 if its clock did not move). */
  inWorkerdMs: number[];
  /** The figure: (median loop − median empty) / n, in µs. */
  usPerEvent: number;
  /** The same from workerd's own clock, when it advanced. */
  inWorkerdUsPerEvent: number | null;
}

export default async function setup(project: TestProject) {
  const marks = new Map<string, bigint>();
  let result: { n: number; payloadBytes: number; reps: number; inWorkerdMs: number[] } | undefined;
  const server = createServer((req, res) => {
    const at = process.hrtime.bigint();
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname === '/mark') marks.set(url.searchParams.get('name') ?? '', at);
      else if (url.pathname === '/result') result = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  project.provide('clockUrl', `http://127.0.0.1:${(server.address() as AddressInfo).port}`);

  return async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    if (!result) throw new Error('the workerd verification bench reported no result');
    const span = (name: string) => {
      const a = marks.get(`${name}-start`);
      const b = marks.get(`${name}-stop`);
      if (a === undefined || b === undefined) throw new Error(`missing mark ${name}`);
      return Number(b - a) / 1e6;
    };
    const reps = Array.from({ length: result.reps }, (_, i) => i);
    const loopsMs = reps.map((i) => span(`verify-${i}`));
    const emptyMs = reps.map((i) => span(`empty-${i}`));
    const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
    const inWorkerd = result.inWorkerdMs.filter((x) => x > 0);
    const output: VerifyBenchOutput = {
      n: result.n,
      payloadBytes: result.payloadBytes,
      loopsMs,
      emptyMs,
      inWorkerdMs: result.inWorkerdMs,
      usPerEvent: ((med(loopsMs) - med(emptyMs)) * 1000) / result.n,
      inWorkerdUsPerEvent: inWorkerd.length === result.inWorkerdMs.length ? (med(inWorkerd) * 1000) / result.n : null,
    };
    const out = process.env.BENCH_VERIFY_OUT ?? fileURLToPath(new URL('../.out/verify.json', import.meta.url));
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify(output, null, 2)}\n`);
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    clockUrl: string;
  }
}
