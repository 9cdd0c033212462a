// The hosted invoice page (`hosted_invoice_url`, /i/{id}) and the charge receipt (`receipt_url`, /receipts/payment/{id}), in the customer's language.
import { type Context, Hono } from 'hono';
import { formatAmount } from '../core/money';
import type { Charge } from '../objects/objects';
import type { Invoice } from '../objects/subscription-objects';
import type { EmulatorContext } from '../runtime/context';
import { escapeHtml, formatDate, intlLocale, layout, type PageLocale, pageLocale } from './page-layout';
import { PAGE_TEXT } from './page-text';

/** The page's language: `?locale=`, then the customer's preferred locale, then the browser's. */
function localeFor(ctx: EmulatorContext, c: Context, customerId: unknown): PageLocale {
  const customer = typeof customerId === 'string' ? ctx.store.customers.get(customerId) : undefined;
  return pageLocale([c.req.query('locale'), customer?.preferred_locales?.[0]], c.req.header('Accept-Language'));
}

function notFound(locale: PageLocale, title: string): string {
  const text = PAGE_TEXT[locale];
  return layout(
    locale,
    title,
    `<section class="panel" role="status"><h1>${escapeHtml(title)}</h1><p>${text.notFoundHint}</p></section>`,
    'single',
  );
}

function statusBadge(status: string, locale: PageLocale): string {
  const label = PAGE_TEXT[locale].status[status] ?? status;
  return `<span class="status ${status === 'paid' ? 'paid' : 'open'}">${escapeHtml(label)}</span>`;
}

function cardLine(charge: Charge | undefined, locale: PageLocale): string | undefined {
  const text = PAGE_TEXT[locale];
  const details = charge?.payment_method_details;
  if (details?.card) return text.paymentMethodLine(details.card.brand ?? 'card', details.card.last4 ?? '');
  if (details) return text.bankTransferLine;
  return undefined;
}

function chargeOfInvoice(ctx: EmulatorContext, invoice: Invoice): Charge | undefined {
  for (const payment of ctx.store.invoicePayments.values()) {
    if (payment.invoice !== invoice.id) continue;
    const intent = ctx.store.paymentIntents.get(payment.payment.payment_intent as string);
    return typeof intent?.latest_charge === 'string' ? ctx.store.charges.get(intent.latest_charge) : undefined;
  }
  return undefined;
}

function invoiceOfCharge(ctx: EmulatorContext, charge: Charge): Invoice | undefined {
  for (const payment of ctx.store.invoicePayments.values()) {
    if (payment.payment.payment_intent === charge.payment_intent)
      return ctx.store.invoices.get(payment.invoice as string);
  }
  return undefined;
}

function rows(entries: Array<[string, string | undefined | null]>): string {
  return entries
    .filter((entry): entry is [string, string] => Boolean(entry[1]))
    .map(([term, value]) => `<dt>${escapeHtml(term)}</dt><dd>${escapeHtml(value)}</dd>`)
    .join('');
}

function lineTable(
  locale: PageLocale,
  invoice: Invoice | undefined,
  fallback: { description: string; amount: string },
) {
  const text = PAGE_TEXT[locale];
  const money = (amount: number, currency: string) => formatAmount(amount, currency, intlLocale(locale));
  const lines = invoice
    ? invoice.lines.data.map((line) => {
        const period = `${formatDate(line.period.start, locale)} – ${formatDate(line.period.end, locale)}`;
        return `<tr><td>${escapeHtml(line.description ?? '')}<br><small>${escapeHtml(text.servicePeriod)}: ${escapeHtml(period)}</small></td><td>${escapeHtml(money(line.amount, line.currency))}</td></tr>`;
      })
    : [`<tr><td>${escapeHtml(fallback.description)}</td><td>${escapeHtml(fallback.amount)}</td></tr>`];
  return `<table><thead><tr><th scope="col">${text.description}</th><th scope="col">${text.amount}</th></tr></thead><tbody>${lines.join('')}</tbody></table>`;
}

export function renderInvoice(ctx: EmulatorContext, invoice: Invoice, locale: PageLocale): string {
  const text = PAGE_TEXT[locale];
  const money = (amount: number) => formatAmount(amount, invoice.currency, intlLocale(locale));
  const charge = chargeOfInvoice(ctx, invoice);
  const paidAt = invoice.status_transitions.paid_at;
  const title = `${text.invoice} ${invoice.number ?? invoice.id}`;
  const note =
    invoice.status === 'open' && invoice.attempted ? `<p class="alert" role="alert">${text.openNote}</p>` : '';
  return layout(
    locale,
    `${title} · ${text.merchant}`,
    `<section class="panel" aria-labelledby="title">
<p class="merchant">${escapeHtml(text.merchant)} <span class="badge">${text.testMode}</span></p>
<h1 id="title">${escapeHtml(title)} ${statusBadge(invoice.status ?? 'draft', locale)}</h1>
${note}
<p class="amount">${escapeHtml(money(invoice.status === 'paid' ? invoice.amount_paid : invoice.amount_remaining))}</p>
<dl>${rows([
      [text.invoiceNumber, invoice.number],
      [text.dateIssued, formatDate(invoice.created, locale)],
      [text.datePaid, paidAt ? formatDate(paidAt, locale) : null],
      [text.billedTo, invoice.customer_email],
      [text.paymentMethod, invoice.status === 'paid' ? cardLine(charge, locale) : null],
    ])}</dl>
<h2>${text.invoice}</h2>
${lineTable(locale, invoice, { description: '', amount: '' })}
<dl>${rows([
      [text.total, money(invoice.total)],
      [text.amountPaid, money(invoice.amount_paid)],
      [text.amountDue, money(invoice.amount_remaining)],
      [text.refunded('').trim(), charge && charge.amount_refunded > 0 ? money(charge.amount_refunded) : null],
    ])}</dl>
</section>`,
    'single',
  );
}

export function renderReceipt(ctx: EmulatorContext, charge: Charge, locale: PageLocale): string {
  const text = PAGE_TEXT[locale];
  const money = (amount: number) => formatAmount(amount, charge.currency, intlLocale(locale));
  const invoice = invoiceOfCharge(ctx, charge);
  const session = [...ctx.store.sessions.values()].find(
    (record) => record.session.payment_intent === charge.payment_intent,
  );
  const description =
    session?.lineItems.map((item) => `${item.description ?? ''} × ${item.quantity ?? 1}`).join(', ') ??
    charge.description ??
    '';
  return layout(
    locale,
    `${text.receiptFrom(text.merchant)}`,
    `<section class="panel" aria-labelledby="title">
<p class="merchant">${escapeHtml(text.merchant)} <span class="badge">${text.testMode}</span></p>
<h1 id="title">${escapeHtml(text.receiptFrom(text.merchant))} ${statusBadge('paid', locale)}</h1>
<p class="amount">${escapeHtml(money(charge.amount))}</p>
<dl>${rows([
      [text.amountPaid, money(charge.amount)],
      [text.datePaid, formatDate(charge.created, locale)],
      [text.invoiceNumber, invoice?.number],
      [text.paymentMethod, cardLine(charge, locale)],
      [text.billedTo, charge.billing_details.email],
      [text.refunded('').trim(), charge.amount_refunded > 0 ? money(charge.amount_refunded) : null],
    ])}</dl>
<h2>${text.receipt}</h2>
${lineTable(locale, invoice, { description, amount: money(charge.amount) })}
${invoice?.hosted_invoice_url ? `<p><a href="${escapeHtml(invoice.hosted_invoice_url)}">${escapeHtml(text.viewInvoice(invoice.number ?? ''))}</a></p>` : ''}
</section>`,
    'single',
  );
}

export function receiptPageRoutes(ctx: EmulatorContext): Hono {
  const pages = new Hono();
  pages.get('/i/:id', (c) => {
    const invoice = ctx.store.invoices.get(c.req.param('id'));
    const locale = localeFor(ctx, c, invoice?.customer);
    if (!invoice) return c.html(notFound(locale, PAGE_TEXT[locale].invoiceNotFound), 404);
    return c.html(renderInvoice(ctx, invoice, locale));
  });
  pages.get('/receipts/payment/:id', (c) => {
    const charge = ctx.store.charges.get(c.req.param('id'));
    const locale = localeFor(ctx, c, charge?.customer);
    if (!charge) return c.html(notFound(locale, PAGE_TEXT[locale].receiptNotFound), 404);
    return c.html(renderReceipt(ctx, charge, locale));
  });
  return pages;
}
