// The local mail catcher: speaks the slice of Resend's API the Worker uses (POST /emails with a
// Bearer key and an Idempotency-Key), keeps what arrives, and shows it: a web inbox at `/` and
// `GET /api/messages?to=<email>` → {messages: [{id, to, subject, text, html, at}]} newest first.
// `&count=N` waits (up to 20 s) until N messages for that address arrived, so tests wait on the mail
// itself, never a sleep.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inboxPage } from './inbox-page';
import { messageStore } from './store';

export interface MailCatcherOptions {
  port: number;
  host?: string;
  /** Where messages persist; none keeps them in memory only. */
  stateFile?: string;
}

export interface MailCatcher {
  url: string;
  close(): Promise<void>;
}

const WAIT_LIMIT_MS = 20_000;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

const json = (res: ServerResponse, status: number, body: unknown) =>
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));

/** The provider's error shape (Resend: {statusCode, name, message}). */
const refuse = (res: ServerResponse, status: number, name: string, message: string) =>
  json(res, status, { statusCode: status, name, message });

export async function startMailCatcher(options: MailCatcherOptions): Promise<MailCatcher> {
  const store = messageStore(options.stateFile);
  const waiters = new Set<() => void>();

  const accept = async (req: IncomingMessage, res: ServerResponse) => {
    if (!/^Bearer \S+$/.test(req.headers.authorization ?? ''))
      return refuse(res, 401, 'missing_api_key', 'Missing API key in the authorization header.');
    let input: Record<string, unknown>;
    try {
      input = JSON.parse(await readBody(req));
    } catch {
      return refuse(res, 422, 'validation_error', 'The body is not JSON.');
    }
    const to = typeof input.to === 'string' ? [input.to] : input.to;
    const { from, subject, text, html } = input;
    if (!Array.isArray(to) || to.length === 0 || typeof from !== 'string' || typeof subject !== 'string')
      return refuse(res, 422, 'validation_error', 'from, to and subject are required.');
    const key = req.headers['idempotency-key'];
    const { message } = store.add({
      from,
      to: to.map(String),
      subject,
      text: typeof text === 'string' ? text : '',
      html: typeof html === 'string' ? html : '',
      idempotencyKey: typeof key === 'string' ? key : null,
    });
    for (const wake of waiters) wake();
    json(res, 200, { id: message.id });
  };

  const list = (url: URL, res: ServerResponse) => {
    const to = url.searchParams.get('to') ?? undefined;
    const count = Number(url.searchParams.get('count') ?? 0);
    const answer = (status: number) =>
      json(res, status, {
        messages: store.list(to).map(({ id, to, subject, text, html, at }) => ({ id, to, subject, text, html, at })),
      });
    if (store.list(to).length >= count) return answer(200);
    const wake = () => {
      if (store.list(to).length < count) return;
      cleanup();
      answer(200);
    };
    const timer = setTimeout(() => {
      cleanup();
      answer(504);
    }, WAIT_LIMIT_MS);
    const cleanup = () => {
      clearTimeout(timer);
      waiters.delete(wake);
    };
    waiters.add(wake);
    res.on('close', cleanup);
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://mail-catcher');
    if (req.method === 'POST' && url.pathname === '/emails') {
      accept(req, res).catch((err) => refuse(res, 500, 'internal_server_error', String(err)));
      return;
    }
    if (req.method === 'GET' && url.pathname === '/api/messages') return list(url, res);
    if (req.method === 'GET' && url.pathname === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(inboxPage(store.list()));
      return;
    }
    refuse(res, 404, 'not_found', 'Not found.');
  });
  await new Promise<void>((resolve) => server.listen(options.port, options.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
