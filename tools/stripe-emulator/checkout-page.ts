// /c/pay/{id}: the hosted test checkout page a person pays on, server-rendered HTML with inline CSS and no script.
import { Hono } from 'hono';
import { findSession, successRedirectUrl } from './checkout-sessions';
import type { EmulatorContext } from './context';
import { formatAmount } from './money';
import type { CheckoutSession } from './objects';
import { payCheckoutSession } from './payments';
import type { SessionRecord } from './store';
import { StripeApiError } from './stripe-errors';

const MERCHANT = 'Creditcast (test mode)';

function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** What the person typed, echoed back when the page is shown again after a decline (never the CVC). */
interface FormValues {
  email: string;
  method: 'card' | 'bank_transfer';
  cardNumber: string;
  cardExpiry: string;
  cardName: string;
}

function amountText(session: CheckoutSession): string {
  const locale = session.locale && session.locale !== 'auto' ? session.locale : 'en-US';
  return formatAmount(session.amount_total ?? 0, session.currency ?? 'usd', locale);
}

const STYLE = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1f36;background:#f6f8fa}
main{max-width:920px;margin:0 auto;padding:32px 20px;display:grid;gap:40px;grid-template-columns:1fr}
@media(min-width:760px){main{grid-template-columns:1fr 1fr;padding-top:72px}}
.back{color:#635bff;text-decoration:none;font-size:14px}
.merchant{font-weight:600;margin:16px 0 24px;display:flex;align-items:center;gap:8px;flex-wrap:wrap}
.badge{background:#ffde92;color:#7a4d00;border-radius:4px;padding:1px 6px;font-size:11px;font-weight:700;letter-spacing:.04em}
.product{color:#697386;margin:0}
.amount{font-size:36px;font-weight:600;margin:4px 0 0}
.items{list-style:none;padding:0;margin:16px 0 0;color:#3c4257;font-size:14px}
.panel{background:#fff;border-radius:8px;padding:24px;box-shadow:0 2px 5px rgba(60,66,87,.08),0 0 0 1px rgba(60,66,87,.08)}
h1{font-size:18px;margin:0 0 16px}
label.field{display:block;font-size:14px;color:#3c4257;margin:14px 0 4px}
input[type=text],input[type=email]{width:100%;padding:9px 11px;border:1px solid #d5dbe1;border-radius:6px;font:inherit}
input:focus{outline:2px solid #635bff55;border-color:#635bff}
.row{display:grid;grid-template-columns:1fr 1fr;gap:12px}
fieldset{border:0;padding:0;margin:16px 0 0;display:flex;gap:20px}
legend{font-size:14px;color:#3c4257;margin-bottom:6px;padding:0}
.bank-note{display:none;font-size:14px;color:#3c4257;background:#f6f8fa;border-radius:6px;padding:10px 12px;margin-top:14px}
form:has(input[value=bank_transfer]:checked) .card-fields{display:none}
form:has(input[value=bank_transfer]:checked) .bank-note{display:block}
button{width:100%;margin-top:22px;padding:12px;border:0;border-radius:6px;background:#635bff;color:#fff;font:600 16px system-ui,sans-serif;cursor:pointer}
button:hover{background:#5147e5}
.alert{background:#fdecea;color:#a41c1c;border-radius:6px;padding:10px 12px;margin-bottom:8px;font-size:14px}
.hint{font-size:13px;color:#697386;margin-top:18px}
.hint code{font-size:12px;background:#eef0f3;border-radius:3px;padding:0 3px}
`;

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>`;
}

function summary(record: SessionRecord): string {
  const { session, lineItems } = record;
  // Stripe fills {CHECKOUT_SESSION_ID} in the cancel URL too, so the app's cancel page can ask what happened.
  const cancelUrl = session.cancel_url?.replaceAll('{CHECKOUT_SESSION_ID}', session.id);
  const back = cancelUrl ? `<a class="back" href="${escapeHtml(cancelUrl)}">← Back</a>` : '';
  const first = lineItems[0];
  const items =
    lineItems.length > 1 || (first?.quantity ?? 1) > 1
      ? `<ul class="items">${lineItems
          .map((item) => `<li>${escapeHtml(item.description ?? '')} × ${item.quantity ?? 1}</li>`)
          .join('')}</ul>`
      : '';
  return `<section aria-label="Order summary">
${back}
<p class="merchant">${escapeHtml(MERCHANT)} <span class="badge">TEST MODE</span></p>
<p class="product">${escapeHtml(first?.description ?? 'Your order')}</p>
<p class="amount">${escapeHtml(amountText(session))}</p>
${items}
</section>`;
}

function renderPaymentForm(record: SessionRecord, values: FormValues, error: string | null): string {
  const { session } = record;
  const amount = escapeHtml(amountText(session));
  const checked = (method: FormValues['method']) => (values.method === method ? ' checked' : '');
  const alert = error ? `<div class="alert" role="alert">${escapeHtml(error)}</div>` : '';
  return layout(
    `Pay ${MERCHANT}`,
    `${summary(record)}
<section class="panel" aria-label="Payment">
<h1>Pay with</h1>
${alert}
<form method="post" action="/c/pay/${escapeHtml(session.id)}">
<label class="field" for="email">Email</label>
<input type="email" id="email" name="email" autocomplete="email" value="${escapeHtml(values.email)}">
<fieldset>
<legend>Payment method</legend>
<label><input type="radio" name="method" value="card"${checked('card')}> Card</label>
<label><input type="radio" name="method" value="bank_transfer"${checked('bank_transfer')}> Bank transfer</label>
</fieldset>
<div class="card-fields">
<label class="field" for="card-number">Card number</label>
<input type="text" id="card-number" name="card_number" inputmode="numeric" autocomplete="cc-number" placeholder="1234 1234 1234 1234" value="${escapeHtml(values.cardNumber)}">
<div class="row">
<div><label class="field" for="card-expiry">Expiry</label>
<input type="text" id="card-expiry" name="card_expiry" autocomplete="cc-exp" placeholder="MM / YY" value="${escapeHtml(values.cardExpiry)}"></div>
<div><label class="field" for="card-cvc">CVC</label>
<input type="text" id="card-cvc" name="card_cvc" inputmode="numeric" autocomplete="cc-csc" placeholder="CVC"></div>
</div>
<label class="field" for="card-name">Name on card</label>
<input type="text" id="card-name" name="card_name" autocomplete="cc-name" value="${escapeHtml(values.cardName)}">
</div>
<p class="bank-note">You will get bank details for the transfer. In test mode the money arrives a few seconds after you pay.</p>
<button type="submit">Pay ${amount}</button>
</form>
<p class="hint">Test cards: <code>4242 4242 4242 4242</code> pays, <code>4000 0000 0000 0002</code> is declined,
<code>4000 0000 0000 9995</code> has insufficient funds. Any future expiry and any 3-digit CVC.</p>
</section>`,
  );
}

function renderClosed(record: SessionRecord): string {
  const { session } = record;
  const message =
    session.status === 'complete'
      ? `<h1>Payment complete</h1><p>This checkout session has already been paid.</p>
<p><a class="back" href="${escapeHtml(successRedirectUrl(session))}">Return to Creditcast</a></p>`
      : `<h1>This checkout session has expired</h1><p>Go back and start a new purchase.</p>`;
  return layout(MERCHANT, `${summary(record)}\n<section class="panel" role="status">${message}</section>`);
}

function renderMissing(): string {
  return layout(
    MERCHANT,
    `<section class="panel" role="status"><h1>Checkout not found</h1><p>This checkout link does not exist. It may belong to an emulator that was restarted.</p></section>`,
  );
}

export function checkoutPageRoutes(ctx: EmulatorContext): Hono {
  const page = new Hono();

  page.get('/:id', (c) => {
    const record = findSession(ctx, c.req.param('id'));
    if (!record) return c.html(renderMissing(), 404);
    if (record.session.status !== 'open') return c.html(renderClosed(record));
    const values: FormValues = {
      email: record.session.customer_email ?? '',
      method: 'card',
      cardNumber: '',
      cardExpiry: '',
      cardName: '',
    };
    return c.html(renderPaymentForm(record, values, null));
  });

  page.post('/:id', async (c) => {
    const record = findSession(ctx, c.req.param('id'));
    if (!record) return c.html(renderMissing(), 404);
    // A second click on Pay lands here after the first one completed: send the person on, not to an error.
    if (record.session.status === 'complete') return c.redirect(successRedirectUrl(record.session), 303);
    if (record.session.status !== 'open') return c.html(renderClosed(record));

    const form = new URLSearchParams(await c.req.text());
    const values: FormValues = {
      email: (form.get('email') ?? '').trim(),
      method: form.get('method') === 'bank_transfer' ? 'bank_transfer' : 'card',
      cardNumber: form.get('card_number') ?? '',
      cardExpiry: form.get('card_expiry') ?? '',
      cardName: form.get('card_name') ?? '',
    };
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(values.email)) {
      return c.html(renderPaymentForm(record, values, 'Enter a valid email address.'), 400);
    }
    try {
      payCheckoutSession(ctx, record.session.id, {
        method: values.method,
        card: values.cardNumber,
        expiry: values.cardExpiry,
        cvc: form.get('card_cvc') ?? '',
        email: values.email,
        name: values.cardName,
        deliverWebhooks: true,
        asyncOutcome: 'succeeded',
      });
    } catch (error) {
      if (!(error instanceof StripeApiError)) throw error;
      return c.html(renderPaymentForm(record, values, error.body.message), error.status === 402 ? 402 : 400);
    }
    return c.redirect(successRedirectUrl(record.session), 303);
  });

  return page;
}
