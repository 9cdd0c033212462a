// Runs once in Node before the workerd tests: a stand-in for the app's webhook receiver. Every
// POST /hooks/{name} is recorded (headers and raw body) and answered by the name's script: a name
// starting `fail-once-` answers 500 to the first attempt of each webhook-id, `down-` always 500,
// anything else 200. GET /received/{name}?count=N answers once N requests arrived (a long poll, so
// tests wait on the event itself, never a sleep), or 504 after 20 s with what did arrive.
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestProject } from 'vitest/node';

export interface ReceivedHook {
  headers: Record<string, string>;
  body: string;
  answered: number;
}

export default async function setup(project: TestProject) {
  const received = new Map<string, ReceivedHook[]>();
  const seenIds = new Set<string>();
  const waiters: { name: string; count: number; res: ServerResponse; timer: NodeJS.Timeout }[] = [];
  const settle = () => {
    for (const w of [...waiters]) {
      const got = received.get(w.name) ?? [];
      if (got.length < w.count) continue;
      clearTimeout(w.timer);
      waiters.splice(waiters.indexOf(w), 1);
      w.res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(got));
    }
  };
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://receiver');
    const hook = /^\/hooks\/([\w-]+)$/.exec(url.pathname);
    if (req.method === 'POST' && hook) {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        const name = hook[1];
        const id = String(req.headers['webhook-id']);
        const firstOfId = !seenIds.has(`${name}/${id}`);
        seenIds.add(`${name}/${id}`);
        const answered = name.startsWith('down-') || (name.startsWith('fail-once-') && firstOfId) ? 500 : 200;
        const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
        received.set(name, [...(received.get(name) ?? []), { headers, body, answered }]);
        res.writeHead(answered).end();
        settle();
      });
      return;
    }
    const wait = /^\/received\/([\w-]+)$/.exec(url.pathname);
    if (req.method === 'GET' && wait) {
      const name = wait[1];
      const count = Number(url.searchParams.get('count') ?? 1);
      const timer = setTimeout(() => {
        waiters.splice(
          waiters.findIndex((w) => w.res === res),
          1,
        );
        res.writeHead(504, { 'content-type': 'application/json' }).end(JSON.stringify(received.get(name) ?? []));
      }, 20_000);
      waiters.push({ name, count, res, timer });
      settle();
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  project.provide('webhookReceiverUrl', `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  return () => new Promise<void>((resolve) => server.close(() => resolve()));
}

declare module 'vitest' {
  export interface ProvidedContext {
    webhookReceiverUrl: string;
  }
}
