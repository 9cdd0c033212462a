// The hosted billing portal (/p/session/{id}): current plan and price, renewal date, cancel at period end, resume, switch plan, invoice history, return link.
import { type Context, Hono } from 'hono';
import { formatAmount } from '../core/money';
import { productName } from '../domain/catalog';
import { portalPlans } from '../domain/portal';
import { updateSubscription } from '../domain/subscriptions';
import type { Customer, PortalSession } from '../objects/billing-objects';
import { NO_REQUEST } from '../objects/objects';
import type { Subscription } from '../objects/subscription-objects';
import type { EmulatorContext } from '../runtime/context';
import { escapeHtml, formatDate, intlLocale, layout, type PageLocale, pageLocale } from './page-layout';
import { PAGE_TEXT } from './page-text';

function money(amount: number, currency: string, locale: PageLocale): string {
  return formatAmount(amount, currency, intlLocale(locale));
}

/** The subscription the portal manages: the newest one not canceled, else none. */
function currentSubscription(ctx: EmulatorContext, customer: Customer): Subscription | undefined {
  return [...ctx.store.subscriptions.values()]
    .reverse()
    .find((subscription) => subscription.customer === customer.id && subscription.status !== 'canceled');
}

function form(session: PortalSession, action: string, label: string, hidden: Record<string, string> = {}, kind = '') {
  const fields = Object.entries(hidden)
    .map(([name, value]) => `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`)
    .join('');
  return `<form class="inline" method="post" action="/p/session/${escapeHtml(session.id)}/${action}">${fields}<button type="submit"${kind ? ` class="${kind}"` : ''}>${escapeHtml(label)}</button></form>`;
}

function planSection(ctx: EmulatorContext, session: PortalSession, subscription: Subscription, locale: PageLocale) {
  const text = PAGE_TEXT[locale];
  const item = subscription.items.data[0]!;
  const interval = text.interval[item.price.recurring?.interval ?? 'month'] ?? '';
  const price = text.perMonth(money(item.price.unit_amount ?? 0, item.price.currency, locale), interval);
  const date = formatDate(item.current_period_end, locale);
  const pastDue =
    subscription.status === 'past_due'
      ? `<p class="alert" role="alert">${text.pastDue}${openInvoiceLink(ctx, subscription, locale)}</p>`
      : '';
  const action = subscription.cancel_at_period_end
    ? `<p>${escapeHtml(text.cancelNote(date))}</p>${form(session, 'resume', text.resumePlan)}`
    : form(session, 'cancel', text.cancelPlan, {}, 'secondary');
  const configuration = ctx.store.portalConfigurations.get(session.configuration as string);
  const options = configuration
    ? portalPlans(ctx, configuration).filter((option) => option.product.id !== item.price.product)
    : [];
  const switchList =
    options.length === 0 || subscription.cancel_at_period_end
      ? ''
      : `<h2>${text.switchPlan}</h2><p class="hint">${text.switchNote}</p><ul class="plans">${options
          .map((option) => {
            const optionPrice = text.perMonth(
              money(option.price.unit_amount ?? 0, option.price.currency, locale),
              text.interval[option.price.recurring?.interval ?? 'month'] ?? '',
            );
            return `<li><span><strong>${escapeHtml(option.product.name)}</strong><br>${escapeHtml(optionPrice)}</span>${form(session, 'switch', text.choose(option.product.name), { price: option.price.id })}</li>`;
          })
          .join('')}</ul>`;
  return `<h2>${text.currentPlan}</h2>
${pastDue}
<dl>
<dt>${text.currentPlan}</dt><dd><strong>${escapeHtml(productName(ctx, item.price))}</strong></dd>
<dt>${text.price}</dt><dd>${escapeHtml(price)}</dd>
<dt>${text.subscriptionStatus}</dt><dd>${escapeHtml(text.subscriptionStatuses[subscription.status] ?? subscription.status)}</dd>
<dt>${subscription.cancel_at_period_end ? text.ends : text.renews}</dt><dd>${escapeHtml(date)}</dd>
</dl>
${action}
${switchList}`;
}

function openInvoiceLink(ctx: EmulatorContext, subscription: Subscription, locale: PageLocale): string {
  const invoice = ctx.store.invoices.get(subscription.latest_invoice as string);
  if (!invoice?.hosted_invoice_url || invoice.status !== 'open') return '';
  return ` <a href="${escapeHtml(invoice.hosted_invoice_url)}">${escapeHtml(PAGE_TEXT[locale].viewInvoice(invoice.number ?? ''))}</a>`;
}

function invoiceHistory(ctx: EmulatorContext, customer: Customer, locale: PageLocale): string {
  const text = PAGE_TEXT[locale];
  const invoices = [...ctx.store.invoices.values()].filter((invoice) => invoice.customer === customer.id).reverse();
  if (invoices.length === 0) return `<h2>${text.invoiceHistory}</h2><p>${text.noInvoices}</p>`;
  const rows = invoices
    .map((invoice) => {
      const status = text.status[invoice.status ?? 'draft'] ?? invoice.status;
      const link = invoice.hosted_invoice_url
        ? `<a href="${escapeHtml(invoice.hosted_invoice_url)}" aria-label="${escapeHtml(text.viewInvoice(invoice.number ?? ''))}">${text.view}</a>`
        : '';
      return `<tr><td>${escapeHtml(formatDate(invoice.created, locale))}</td><td>${escapeHtml(invoice.number ?? '')}</td><td>${escapeHtml(money(invoice.total, invoice.currency, locale))}</td><td><span class="status ${invoice.status === 'paid' ? 'paid' : 'open'}">${escapeHtml(status ?? '')}</span></td><td>${link}</td></tr>`;
    })
    .join('');
  return `<h2>${text.invoiceHistory}</h2>
<table><thead><tr><th scope="col">${text.date}</th><th scope="col">${text.invoiceNumber}</th><th scope="col">${text.amount}</th><th scope="col">${text.subscriptionStatus}</th><th scope="col"><span class="visually-hidden">${text.view}</span></th></tr></thead><tbody>${rows}</tbody></table>`;
}

export function renderPortal(ctx: EmulatorContext, session: PortalSession, customer: Customer, locale: PageLocale) {
  const text = PAGE_TEXT[locale];
  const subscription = currentSubscription(ctx, customer);
  const back = session.return_url
    ? `<p><a class="back" href="${escapeHtml(session.return_url)}">${text.returnTo}</a></p>`
    : '';
  return layout(
    locale,
    `${text.portalTitle} · ${text.merchant}`,
    `<section class="panel" aria-labelledby="title">
${back}
<p class="merchant">${escapeHtml(text.merchant)} <span class="badge">${text.testMode}</span></p>
<h1 id="title">${text.portalTitle}</h1>
<p>${escapeHtml(customer.email ?? '')}</p>
${subscription ? planSection(ctx, session, subscription, locale) : `<p>${text.noSubscription}</p>`}
${invoiceHistory(ctx, customer, locale)}
</section>`,
    'single',
  );
}

export function portalPageRoutes(ctx: EmulatorContext): Hono {
  const pages = new Hono();

  const find = (c: Context) => {
    const session = ctx.store.portalSessions.get(c.req.param('id') ?? '');
    const customer = session ? ctx.store.customers.get(session.customer) : undefined;
    const locale = pageLocale([session?.locale, customer?.preferred_locales?.[0]], c.req.header('Accept-Language'));
    return { session, customer, locale };
  };
  const missing = (c: Context, locale: PageLocale) =>
    c.html(
      layout(
        locale,
        PAGE_TEXT[locale].portalTitle,
        `<section class="panel" role="status"><h1>${PAGE_TEXT[locale].portalTitle}</h1><p>${PAGE_TEXT[locale].portalNotFound}</p></section>`,
        'single',
      ),
      404,
    );

  pages.get('/session/:id', (c) => {
    const { session, customer, locale } = find(c);
    if (!session || !customer) return missing(c, locale);
    return c.html(renderPortal(ctx, session, customer, locale));
  });

  // Each action changes the subscription as Stripe's portal would (one customer.subscription.updated), then shows the portal again.
  pages.post('/session/:id/:action{cancel|resume|switch}', async (c) => {
    const { session, customer, locale } = find(c);
    if (!session || !customer) return missing(c, locale);
    const subscription = currentSubscription(ctx, customer);
    if (subscription) {
      const action = c.req.param('action');
      if (action === 'switch') {
        const price = new URLSearchParams(await c.req.text()).get('price') ?? '';
        const item = subscription.items.data[0]!;
        updateSubscription(ctx, subscription.id, { items: [{ id: item.id, price }] }, NO_REQUEST);
      } else {
        updateSubscription(ctx, subscription.id, { cancel_at_period_end: action === 'cancel' }, NO_REQUEST);
      }
    }
    return c.redirect(`/p/session/${session.id}`, 303);
  });

  return pages;
}
