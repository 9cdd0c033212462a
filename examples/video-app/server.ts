// The example app's HTTP server (node:http, no framework): its own sign-in and pages, and the three
// endpoints that stand between its browser and Creditcast — a browser token for the signed-in user,
// "Buy" (a Checkout Session returning to this app), and the success page's status question; and
// POST /creditcast/events, where Creditcast's signed events arrive (events.ts).
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type Config, clampTtl } from './config';
import { type Creditcast, creditcast, type Pack } from './creditcast';
import { eventReceiver } from './events';
import { cancelPage, errorPage, homePage, type PageContext, successPage } from './pages';
import { NAME, type User, userStore } from './users';

const COOKIE = 'video_app_session';
const STATIC: Record<string, string> = { '/success.js': 'text/javascript', '/style.css': 'text/css' };

export function createApp(config: Config): Server {
  const users = userStore(config.usersFile);
  const cc: Creditcast = creditcast(config.creditcastUrl, config.apiKey);
  let packs: Pack[] | null = null; // asked once, then kept: prices change with a deploy, not per page
  const events = config.webhookSecret ? eventReceiver(config.webhookSecret, users) : null;

  return createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', config.origin);
      const cookie = readCookie(req, COOKIE);
      const user = users.bySession(cookie);
      const ctx: PageContext = { creditcastUrl: config.creditcastUrl, user, ttl: url.searchParams.get('ttl') };
      const route = `${req.method} ${url.pathname}`;

      if (req.method === 'GET' && STATIC[url.pathname]) {
        const file = new URL(`public${url.pathname}`, import.meta.url);
        return send(res, 200, STATIC[url.pathname]!, readFileSync(file));
      }
      // A form posted from another site must not act for our user (SameSite=Lax covers most; this covers the rest).
      if (req.method === 'POST' && req.headers.origin && req.headers.origin !== config.origin) {
        return send(res, 403, 'text/plain', 'Cross-site request refused.');
      }
      switch (route) {
        case 'GET /': {
          packs ??= user ? await cc.packs().then((r) => (r.ok ? r.value.packs : null)) : null;
          return html(res, 200, homePage(ctx, packs));
        }
        case 'POST /signin': {
          const name = new URLSearchParams(await body(req)).get('name')?.trim() ?? '';
          if (!NAME.test(name))
            return html(res, 400, homePage(ctx, null, 'Use 1–40 letters, digits, spaces, . _ or -.'));
          const signedIn = users.findOrCreate(name);
          // Every sign-in upserts: it is idempotent, and it repairs a link a reset Creditcast forgot.
          const upsert = await cc.upsertUser(signedIn.id, signedIn.email);
          if (!upsert.ok) return html(res, 502, errorPage(ctx, 'Credits are unavailable', upsert.message));
          users.linkCreditcast(signedIn, upsert.value.id);
          res.setHeader('set-cookie', `${COOKIE}=${users.signIn(signedIn)}; Path=/; HttpOnly; SameSite=Lax`);
          return redirect(res, '/');
        }
        case 'POST /signout': {
          if (cookie) users.signOut(cookie);
          res.setHeader('set-cookie', `${COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`);
          return redirect(res, '/');
        }
        case 'POST /creditcast/events': {
          // Server to server (no Origin, no cookie): the signature is the only credential.
          if (!events) return json(res, 503, { error: { code: 'not_configured', message: 'No webhook secret.' } });
          const received = events.handle(await body(req, 256_000), req.headers);
          if (received.outcome === 'refused') {
            return json(res, 400, { error: { code: 'invalid_signature', message: received.reason } });
          }
          return json(res, 200, received);
        }
        case 'GET /creditcast-token': {
          const ccUser = linked(user);
          if (!ccUser) return json(res, 401, { error: { code: 'signed_out', message: 'Sign in first.' } });
          const ttl = clampTtl(Number(url.searchParams.get('ttl') ?? config.tokenTtlSeconds));
          const minted = await cc.browserToken(ccUser, ttl);
          if (!minted.ok) return json(res, 502, { error: { code: minted.code, message: minted.message } });
          return json(res, 200, { token: minted.value.token, expiresAt: minted.value.expiresAt });
        }
        case 'POST /buy': {
          const ccUser = linked(user);
          if (!user || !ccUser) return redirect(res, '/');
          const packId = new URLSearchParams(await body(req)).get('packId') ?? '';
          const successUrl = `${config.origin}/payment/success?session_id={CHECKOUT_SESSION_ID}`;
          const session = await cc.checkout(ccUser, packId, successUrl, `${config.origin}/payment/cancel`);
          if (!session.ok) return html(res, session.status, errorPage(ctx, 'Checkout failed', session.message));
          users.rememberCheckout(user, session.value.sessionId);
          return redirect(res, session.value.url);
        }
        case 'GET /checkout-status': {
          const sessionId = url.searchParams.get('session_id') ?? '';
          if (!user) return json(res, 401, { error: { code: 'signed_out', message: 'Sign in first.' } });
          // Our key may ask about any user's session: only answer about the ones this user started.
          if (!user.checkoutSessions.includes(sessionId))
            return json(res, 404, { error: { code: 'checkout_not_found', message: 'No such payment of yours.' } });
          const status = await cc.checkoutStatus(sessionId);
          if (!status.ok) return json(res, status.status, { error: { code: status.code, message: status.message } });
          return json(res, 200, status.value);
        }
        case 'GET /payment/success': {
          if (!user) return redirect(res, '/');
          return html(res, 200, successPage(ctx, url.searchParams.get('session_id') ?? ''));
        }
        case 'GET /payment/cancel':
          return html(res, 200, cancelPage(ctx));
        default:
          return html(res, 404, errorPage(ctx, 'Not found', 'There is no such page.'));
      }
    } catch (error) {
      console.error('[video-app]', error);
      if (!res.headersSent) send(res, 500, 'text/plain', 'Something went wrong.');
    }
  });
}

const linked = (user: User | undefined) => user?.creditcastUserId ?? undefined;

function readCookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

async function body(req: IncomingMessage, limit = 10_000): Promise<string> {
  let text = '';
  for await (const chunk of req) {
    text += chunk;
    if (text.length > limit) throw new Error('request body too large');
  }
  return text;
}

function send(res: ServerResponse, status: number, type: string, payload: string | Buffer): void {
  res.writeHead(status, { 'content-type': `${type}; charset=utf-8`, 'cache-control': 'no-store' });
  res.end(payload);
}
const html = (res: ServerResponse, status: number, page: string) => send(res, status, 'text/html', page);
const json = (res: ServerResponse, status: number, value: unknown) =>
  send(res, status, 'application/json', JSON.stringify(value));
function redirect(res: ServerResponse, location: string): void {
  res.writeHead(303, { location, 'cache-control': 'no-store' });
  res.end();
}
