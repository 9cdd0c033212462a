// For VideoApp's tests: a stand-in Creditcast on a free port that records every request it is asked
// (method, path, Authorization, JSON body) and answers through the test's own `route`.
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Seen {
  method: string;
  path: string;
  auth: string | undefined;
  body: Record<string, unknown> | null;
}

/** Answers a request with JSON; a route that answers nothing gets a 404 in Creditcast's error shape. */
export type Route = (request: Seen, answer: (status: number, value: unknown) => void) => void;

export function standInCreditcast(route: Route): { server: Server; seen: Seen[] } {
  const seen: Seen[] = [];
  const server = createServer(async (req, res: ServerResponse) => {
    let text = '';
    for await (const chunk of req) text += chunk;
    const request = {
      method: req.method ?? '',
      path: req.url ?? '',
      auth: req.headers.authorization,
      body: text ? JSON.parse(text) : null,
    };
    seen.push(request);
    const answer = (status: number, value: unknown) =>
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
    route(request, answer);
    if (!res.headersSent) answer(404, { error: { code: 'not_found', message: 'no' } });
  });
  return { server, seen };
}

/** Listens on a free port of 127.0.0.1 and resolves with it. */
export const listen = (server: Server) =>
  new Promise<number>((done) => server.listen(0, '127.0.0.1', () => done((server.address() as AddressInfo).port)));
