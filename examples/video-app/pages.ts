// The app's HTML: a layout whose header shows the live balance (<creditcast-balance>, loaded from
// Creditcast's /embed/creditcast.js), the home page (sign in, or buy credits), the success page's
// shell (public/success.js fills it in) and the cancel page. Plain strings, escaped.
import type { Pack } from './creditcast';
import type { User } from './users';

const esc = (text: string) =>
  text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);

export interface PageContext {
  creditcastUrl: string;
  user: User | undefined;
  /** `?ttl=` of this page, passed on to the token endpoint (a knob for short-lived tokens). */
  ttl: string | null;
}

function layout(ctx: PageContext, title: string, main: string, scripts = ''): string {
  const tokenUrl = `/creditcast-token${ctx.ttl ? `?ttl=${encodeURIComponent(ctx.ttl)}` : ''}`;
  const account = ctx.user
    ? `<p>Signed in as ${esc(ctx.user.name)}</p>
      ${ctx.user.lowBalance?.low ? '<p class="low-balance" role="status">Low balance</p>' : ''}
      <p>Credits: <creditcast-balance role="status" aria-label="Credit balance" base-url="${esc(ctx.creditcastUrl)}" token-url="${esc(tokenUrl)}">…</creditcast-balance></p>
      <form method="post" action="/signout"><button>Sign out</button></form>`
    : '';
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${esc(title)} · VideoApp</title>
  <link rel="stylesheet" href="/style.css">
  ${ctx.user ? `<script type="module" src="${esc(ctx.creditcastUrl)}/embed/creditcast.js"></script>` : ''}
  ${scripts}
</head>
<body>
  <header><a href="/">VideoApp</a>${account}</header>
  <main>${main}</main>
</body>
</html>`;
}

const money = (pack: Pack) =>
  new Intl.NumberFormat('en-US', { style: 'currency', currency: pack.currency }).format(pack.amount / 100);

export function homePage(ctx: PageContext, packs: Pack[] | null, notice?: string): string {
  const note = notice ? `<p role="alert">${esc(notice)}</p>` : '';
  if (!ctx.user) {
    return layout(
      ctx,
      'Sign in',
      `<h1>Make videos with VideoApp</h1>${note}
      <form method="post" action="/signin">
        <label for="name">Your name</label>
        <input id="name" name="name" required maxlength="40" autocomplete="username">
        <button>Sign in</button>
      </form>`,
    );
  }
  const offers =
    packs === null
      ? '<p role="alert">The credit packs could not be loaded. Is Creditcast running?</p>'
      : packs
          .map(
            (pack) => `<form method="post" action="/buy">
          <input type="hidden" name="packId" value="${esc(pack.id)}">
          <button>Buy ${esc(pack.name)}</button> ${pack.credits.toLocaleString('en-US')} credits for ${money(pack)}
        </form>`,
          )
          .join('\n');
  return layout(
    ctx,
    'Home',
    `<h1>Your videos</h1>${note}
    <p>Each video costs credits. Your balance, above, updates by itself.</p>
    <section aria-labelledby="buy"><h2 id="buy">Buy credits</h2>${offers}</section>`,
  );
}

/**
 * The success page's shell: public/success.js asks this app's server and listens to the header.
 * Stripe sends the browser here only once the payment went through (or a bank transfer was
 * submitted), so "adding your credits" is the honest first state until we know more.
 */
export function successPage(ctx: PageContext, sessionId: string): string {
  return layout(
    ctx,
    'Payment',
    `<h1>Adding your credits…</h1>
    <p id="detail" data-session-id="${esc(sessionId)}">Your payment went through. This page updates by itself.</p>
    <p><a href="/">Back to your videos</a></p>`,
    '<script type="module" src="/success.js"></script>',
  );
}

export function cancelPage(ctx: PageContext): string {
  return layout(
    ctx,
    'Checkout cancelled',
    `<h1>Checkout cancelled</h1><p>Nothing was charged.</p><p><a href="/">Back to your videos</a></p>`,
  );
}

export function errorPage(ctx: PageContext, title: string, message: string): string {
  return layout(ctx, title, `<h1>${esc(title)}</h1><p role="alert">${esc(message)}</p><p><a href="/">Home</a></p>`);
}
