// Runs once in Node before the workerd tests: a stand-in for the render farm's intake that accepts
// every job (202) and remembers it, so Studio tests can see what the Worker handed over and then
// play the farm's part themselves through the service API. Its URL becomes RENDER_FARM_URL.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestProject } from 'vitest/node';

export default async function setup(project: TestProject) {
  const received: unknown[] = [];
  const server = createServer((req, res) => {
    if (req.method === 'POST' && req.url === '/jobs') {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        received.push(JSON.parse(body));
        res.writeHead(202, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'queued' }));
      });
      return;
    }
    if (req.method === 'GET' && req.url === '/received') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(received));
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  project.provide('farmUrl', `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  return () => new Promise<void>((resolve) => server.close(() => resolve()));
}

declare module 'vitest' {
  export interface ProvidedContext {
    farmUrl: string;
  }
}
