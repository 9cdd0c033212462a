// A small keep-alive HTTP client on node:http: cheaper per request than fetch, so the client
// costs the 2-core machine as little as possible, and it reports its own timings.
import { Agent, request as httpRequest } from 'node:http';
import { performance } from 'node:perf_hooks';

const agent = new Agent({ keepAlive: true, maxSockets: 64, maxFreeSockets: 64 });

export interface HttpResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** performance.now() when the request was started / when the whole body had arrived. */
  start: number;
  end: number;
}

export interface HttpOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  timeoutMs?: number;
  /** A new TCP connection for this request (no keep-alive), as a client without a pool would. */
  fresh?: boolean;
}

export function http(url: string, opts: HttpOptions = {}): Promise<HttpResult> {
  const u = new URL(url);
  const body = opts.body === undefined ? undefined : Buffer.from(opts.body);
  const headers: Record<string, string | number> = { ...opts.headers };
  if (body) headers['content-length'] = body.length;
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const req = httpRequest(
      {
        agent: opts.fresh ? false : agent,
        host: u.hostname,
        port: u.port,
        path: u.pathname + u.search,
        method: opts.method ?? 'GET',
        headers,
        timeout: opts.timeoutMs ?? 15_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
            start,
            end: performance.now(),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`timeout: ${opts.method ?? 'GET'} ${url}`)));
    req.on('error', reject);
    req.end(body);
  });
}

export async function json<T>(url: string, opts: HttpOptions = {}, expect?: number): Promise<T> {
  const res = await http(url, {
    ...opts,
    headers: { ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}), ...opts.headers },
  });
  if (expect !== undefined ? res.status !== expect : res.status >= 300) {
    throw new Error(`${opts.method ?? 'GET'} ${url} -> ${res.status} ${res.body.slice(0, 300)}`);
  }
  return JSON.parse(res.body) as T;
}

/** Runs `task(i)` for i in [0, count) with at most `limit` in flight; results in index order. */
export async function pool<T>(
  count: number,
  limit: number,
  task: (i: number) => Promise<T>,
  onProgress?: (done: number) => void,
): Promise<T[]> {
  const results = new Array<T>(count);
  let next = 0;
  let done = 0;
  async function worker() {
    while (next < count) {
      const i = next++;
      results[i] = await task(i);
      done++;
      onProgress?.(done);
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
  return results;
}

export function destroyAgent(): void {
  agent.destroy();
}

/** Closes the pool's idle keep-alive sockets: after a long pause (a seed) the server may have dropped them. */
export function dropIdleSockets(): void {
  for (const sockets of Object.values(agent.freeSockets)) for (const s of sockets ?? []) s.destroy();
}
