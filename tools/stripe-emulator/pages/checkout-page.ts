// /c/pay/{id}: the hosted test checkout page a person pays on, server-rendered HTML with inline CSS and no script.
import { Hono } from 'hono';
import { formatAmount } from '../core/money';
import { StripeApiError } from '../core/stripe-errors';
import { findSession, successRedirectUrl } from '../domain/checkout-sessions';
import { payCheckoutSession } from '../domain/payments';
import type { EmulatorContext } from '../runtime/context';
import type { SessionRecord } from '../runtime/store';
import { escapeHtml, intlLocale, layout, type PageLocale, pageLocale } from './page-layout';
import { PAGE_TEXT } from './page-text';

/** What the person typed, echoed back when the page is shown again after a decline (never the CVC). */
interface FormValues {
  email: string;
  method: 'card' | 'bank_transfer';
  cardNumber: string;
  cardExpiry: string;
  cardName: string;
}

// Card errors as Stripe's Checkout shows them in Chinese (the API's own messages stay English).
const ZH_CARD_ERRORS: Record<string, string> = {
  generic_decline: '您的银行卡被拒绝。',
  insufficient_funds: '您的银行卡余额不足。',
  lost_card: '您的银行卡被拒绝。',
  expired_card: '您的银行卡已过期。',
  incorrect_cvc: '您的银行卡安全码不正确。',
  incomplete_cvc: '您的银行卡安全码不完整。',
  incomplete_number: '您的卡号不完整。',
  incorrect_number: '您的卡号不正确。',
  invalid_expiry_month: '您的银行卡有效期不完整或无效。',
  invalid_expiry_year: '您的银行卡有效期已过。',
};

function errorText(error: StripeApiError, locale: PageLocale): string {
  if (locale !== 'zh') return error.body.message;
  return ZH_CARD_ERRORS[error.body.decline_code ?? error.body.code ?? ''] ?? error.body.message;
}

function amountText(record: SessionRecord, locale: PageLocale): string {
  const { session } = record;
  const amount = formatAmount(session.amount_total ?? 0, session.currency ?? 'usd', intlLocale(locale));
  const recurring = record.lineItems[0]?.price?.recurring;
  if (session.mode !== 'subscription' || !recurring) return amount;
  const text = PAGE_TEXT[locale];
  return text.perMonth(amount, text.interval[recurring.interval] ?? recurring.interval);
}

function summary(record: SessionRecord, locale: PageLocale): string {
  const text = PAGE_TEXT[locale];
  const { session, lineItems } = record;
  // Stripe fills {CHECKOUT_SESSION_ID} in the cancel URL too, so the app's cancel page can ask what happened.
  const cancelUrl = session.cancel_url?.replaceAll('{CHECKOUT_SESSION_ID}', session.id);
  const back = cancelUrl ? `<a class="back" href="${escapeHtml(cancelUrl)}">${text.back}</a>` : '';
  const first = lineItems[0];
  const items =
    lineItems.length > 1 || (first?.quantity ?? 1) > 1
      ? `<ul class="items">${lineItems
          .map((item) => `<li>${escapeHtml(item.description ?? '')} × ${item.quantity ?? 1}</li>`)
          .join('')}</ul>`
      : '';
  // A setup session has nothing to pay: it says what saving the card means instead of an amount.
  const what =
    session.mode === 'setup'
      ? `<p class="product">${text.setupTitle}</p>\n<p>${text.setupNote}</p>`
      : `<p class="product">${escapeHtml(first?.description ?? text.yourOrder)}</p>
<p class="amount">${escapeHtml(amountText(record, locale))}</p>`;
  return `<section aria-label="${text.orderSummary}">
${back}
<p class="merchant">${escapeHtml(text.merchant)} <span class="badge">${text.testMode}</span></p>
${what}
${items}
</section>`;
}

function renderPaymentForm(
  record: SessionRecord,
  locale: PageLocale,
  values: FormValues,
  error: string | null,
): string {
  const text = PAGE_TEXT[locale];
  const { session } = record;
  const total = formatAmount(session.amount_total ?? 0, session.currency ?? 'usd', intlLocale(locale));
  const payLabel = escapeHtml(
    session.mode === 'setup'
      ? text.saveCard
      : session.mode === 'subscription'
        ? text.subscribe(total)
        : text.pay(total),
  );
  const checked = (method: FormValues['method']) => (values.method === method ? ' checked' : '');
  const alert = error ? `<div class="alert" role="alert">${escapeHtml(error)}</div>` : '';
  return layout(
    locale,
    `${text.payWith} · ${text.merchant}`,
    `${summary(record, locale)}
<section class="panel" aria-label="${text.payment}">
<h1>${text.payWith}</h1>
${alert}
<form method="post" action="/c/pay/${escapeHtml(session.id)}">
<label class="field" for="email">${text.email}</label>
<input type="email" id="email" name="email" autocomplete="email" value="${escapeHtml(values.email)}">
<fieldset>
<legend>${text.paymentMethod}</legend>
<label><input type="radio" name="method" value="card"${checked('card')}> ${text.card}</label>
${session.mode !== 'payment' ? '' : `<label><input type="radio" name="method" value="bank_transfer"${checked('bank_transfer')}> ${text.bankTransfer}</label>`}
</fieldset>
<div class="card-fields">
<label class="field" for="card-number">${text.cardNumber}</label>
<input type="text" id="card-number" name="card_number" inputmode="numeric" autocomplete="cc-number" placeholder="1234 1234 1234 1234" value="${escapeHtml(values.cardNumber)}">
<div class="row">
<div><label class="field" for="card-expiry">${text.expiry}</label>
<input type="text" id="card-expiry" name="card_expiry" autocomplete="cc-exp" inputmode="numeric" placeholder="${text.expiryPlaceholder}" value="${escapeHtml(values.cardExpiry)}"></div>
<div><label class="field" for="card-cvc">${text.cvc}</label>
<input type="text" id="card-cvc" name="card_cvc" inputmode="numeric" autocomplete="cc-csc" placeholder="${text.cvc}"></div>
</div>
<label class="field" for="card-name">${text.nameOnCard}</label>
<input type="text" id="card-name" name="card_name" autocomplete="cc-name" value="${escapeHtml(values.cardName)}">
</div>
<p class="bank-note">${text.bankNote}</p>
<button type="submit">${payLabel}</button>
</form>
<p class="hint">${text.testCards}</p>
</section>`,
  );
}

function renderClosed(record: SessionRecord, locale: PageLocale): string {
  const text = PAGE_TEXT[locale];
  const { session } = record;
  const message =
    session.status === 'complete'
      ? `<h1>${session.mode === 'setup' ? text.cardSaved : text.paymentComplete}</h1><p>${session.mode === 'setup' ? text.alreadySaved : text.alreadyPaid}</p>
<p><a class="back" href="${escapeHtml(successRedirectUrl(session))}">${text.returnToApp}</a></p>`
      : `<h1>${text.expiredTitle}</h1><p>${text.expiredBody}</p>`;
  return layout(
    locale,
    text.merchant,
    `${summary(record, locale)}\n<section class="panel" role="status">${message}</section>`,
  );
}

function renderMissing(locale: PageLocale): string {
  const text = PAGE_TEXT[locale];
  return layout(
    locale,
    text.merchant,
    `<section class="panel" role="status"><h1>${text.notFoundTitle}</h1><p>${text.notFoundBody}</p></section>`,
  );
}

export function checkoutPageRoutes(ctx: EmulatorContext): Hono {
  const page = new Hono();

  page.get('/:id', (c) => {
    const record = findSession(ctx, c.req.param('id'));
    const locale = pageLocale([record?.session.locale], c.req.header('Accept-Language'));
    if (!record) return c.html(renderMissing(locale), 404);
    if (record.session.status !== 'open') return c.html(renderClosed(record, locale));
    const values: FormValues = {
      email: record.session.customer_email ?? record.session.customer_details?.email ?? '',
      method: 'card',
      cardNumber: '',
      cardExpiry: '',
      cardName: '',
    };
    return c.html(renderPaymentForm(record, locale, values, null));
  });

  page.post('/:id', async (c) => {
    const record = findSession(ctx, c.req.param('id'));
    const locale = pageLocale([record?.session.locale], c.req.header('Accept-Language'));
    if (!record) return c.html(renderMissing(locale), 404);
    // A second click on Pay lands here after the first one completed: send the person on, not to an error.
    if (record.session.status === 'complete') return c.redirect(successRedirectUrl(record.session), 303);
    if (record.session.status !== 'open') return c.html(renderClosed(record, locale));

    const form = new URLSearchParams(await c.req.text());
    const values: FormValues = {
      email: (form.get('email') ?? '').trim(),
      method: form.get('method') === 'bank_transfer' ? 'bank_transfer' : 'card',
      cardNumber: form.get('card_number') ?? '',
      cardExpiry: form.get('card_expiry') ?? '',
      cardName: form.get('card_name') ?? '',
    };
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(values.email)) {
      return c.html(renderPaymentForm(record, locale, values, PAGE_TEXT[locale].invalidEmail), 400);
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
      return c.html(
        renderPaymentForm(record, locale, values, errorText(error, locale)),
        error.status === 402 ? 402 : 400,
      );
    }
    return c.redirect(successRedirectUrl(record.session), 303);
  });

  return page;
}
