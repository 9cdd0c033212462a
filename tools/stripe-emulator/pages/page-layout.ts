// What every hosted page shares: the palette (checked for WCAG AA contrast), the style sheet, the HTML frame, escaping, and the page's language.
export type PageLocale = 'en' | 'zh';

// Text colours against the backgrounds they sit on; page-layout.test.ts holds each pair to 4.5:1.
export const PALETTE = {
  text: '#1a1f36',
  body: '#3c4257',
  muted: '#596275',
  accent: '#5a52e0',
  accentHover: '#4a42c9',
  page: '#f6f8fa',
  panel: '#ffffff',
  code: '#eef0f3',
  badgeText: '#7a4d00',
  badge: '#ffde92',
  alertText: '#a41c1c',
  alert: '#fdecea',
  paidText: '#0e7a3e',
  paid: '#e6f6ec',
  openText: '#8a5a00',
  open: '#fff4d6',
} as const;

/** [foreground, background, where] for every text colour the pages use. */
export const CONTRAST_PAIRS: Array<[keyof typeof PALETTE, keyof typeof PALETTE, string]> = [
  ['text', 'page', 'headings and amounts on the page'],
  ['text', 'panel', 'text in panels'],
  ['body', 'page', 'labels and lists on the page'],
  ['body', 'panel', 'labels in panels'],
  ['muted', 'page', 'product line and hints on the page'],
  ['muted', 'panel', 'hints in panels'],
  ['muted', 'code', 'test card numbers'],
  ['accent', 'page', 'links on the page'],
  ['accent', 'panel', 'links in panels'],
  ['panel', 'accent', 'button text'],
  ['panel', 'accentHover', 'button text on hover'],
  ['badgeText', 'badge', 'the TEST MODE badge'],
  ['alertText', 'alert', 'error messages'],
  ['paidText', 'paid', 'the paid status'],
  ['openText', 'open', 'the open / past-due status'],
];

const P = PALETTE;
export const STYLE = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:${P.text};background:${P.page}}
main{max-width:920px;margin:0 auto;padding:32px 20px;display:grid;gap:40px;grid-template-columns:1fr}
main.single{max-width:640px}
@media(min-width:760px){main{grid-template-columns:1fr 1fr;padding-top:72px}main.single{grid-template-columns:1fr}}
a{color:${P.accent}}
.back{color:${P.accent};text-decoration:none;font-size:14px}
.merchant{font-weight:600;margin:16px 0 24px;display:flex;align-items:center;gap:8px;flex-wrap:wrap}
.badge{background:${P.badge};color:${P.badgeText};border-radius:4px;padding:1px 6px;font-size:11px;font-weight:700;letter-spacing:.04em}
.product{color:${P.muted};margin:0}
.amount{font-size:36px;font-weight:600;margin:4px 0 0}
.items{list-style:none;padding:0;margin:16px 0 0;color:${P.body};font-size:14px}
.panel{background:${P.panel};border-radius:8px;padding:24px;box-shadow:0 2px 5px rgba(60,66,87,.08),0 0 0 1px rgba(60,66,87,.08)}
h1{font-size:18px;margin:0 0 16px}
h2{font-size:16px;margin:24px 0 8px}
label.field{display:block;font-size:14px;color:${P.body};margin:14px 0 4px}
input[type=text],input[type=email]{width:100%;padding:9px 11px;border:1px solid #8a94a6;border-radius:6px;font:inherit;color:${P.text}}
input:focus{outline:2px solid ${P.accent};border-color:${P.accent}}
.row{display:grid;grid-template-columns:1fr 1fr;gap:12px}
fieldset{border:0;padding:0;margin:16px 0 0;display:flex;gap:20px}
legend{font-size:14px;color:${P.body};margin-bottom:6px;padding:0}
.bank-note{display:none;font-size:14px;color:${P.body};background:${P.page};border-radius:6px;padding:10px 12px;margin-top:14px}
form:has(input[value=bank_transfer]:checked) .card-fields{display:none}
form:has(input[value=bank_transfer]:checked) .bank-note{display:block}
button{width:100%;margin-top:22px;padding:12px;border:0;border-radius:6px;background:${P.accent};color:${P.panel};font:600 16px system-ui,sans-serif;cursor:pointer}
button:hover{background:${P.accentHover}}
button.secondary{background:${P.panel};color:${P.accent};border:1px solid ${P.accent}}
form.inline{margin:0}
.alert{background:${P.alert};color:${P.alertText};border-radius:6px;padding:10px 12px;margin-bottom:8px;font-size:14px}
.hint{font-size:13px;color:${P.muted};margin-top:18px}
.hint code{font-size:12px;background:${P.code};border-radius:3px;padding:0 3px}
dl{display:grid;grid-template-columns:auto 1fr;gap:6px 16px;margin:0;font-size:14px}
dt{color:${P.body}}dd{margin:0}
table{width:100%;border-collapse:collapse;font-size:14px}
th,td{text-align:left;padding:8px 4px;border-bottom:1px solid ${P.code}}
th{color:${P.body};font-weight:600}
.status{border-radius:4px;padding:1px 6px;font-size:12px;font-weight:700}
.status.paid{background:${P.paid};color:${P.paidText}}
.status.open{background:${P.open};color:${P.openText}}
.plans{list-style:none;padding:0;margin:0;display:grid;gap:8px}
.plans li{display:flex;justify-content:space-between;align-items:center;gap:12px;border:1px solid ${P.code};border-radius:6px;padding:10px 12px}
.plans button{width:auto;margin:0;padding:6px 12px;font-size:14px}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
`;

export function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

export function layout(locale: PageLocale, title: string, body: string, mainClass = ''): string {
  return `<!doctype html>
<html lang="${locale === 'zh' ? 'zh-CN' : 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main${mainClass ? ` class="${mainClass}"` : ''}>
${body}
</main>
</body>
</html>`;
}

/**
 * The language a page is shown in: the object's locale (`zh`, `zh-HK`, `zh-TW` → Chinese), or for
 * `auto` / none the browser's first Accept-Language that the pages speak; English otherwise.
 */
export function pageLocale(locales: Array<string | null | undefined>, acceptLanguage: string | undefined): PageLocale {
  for (const locale of locales) {
    if (!locale || locale === 'auto') continue;
    return locale.toLowerCase().startsWith('zh') ? 'zh' : 'en';
  }
  for (const part of (acceptLanguage ?? '').split(',')) {
    const tag = part.split(';')[0]?.trim().toLowerCase() ?? '';
    if (tag.startsWith('zh')) return 'zh';
    if (tag.startsWith('en')) return 'en';
  }
  return 'en';
}

/** The Intl locale for amounts and dates on a page. */
export function intlLocale(locale: PageLocale): string {
  return locale === 'zh' ? 'zh-CN' : 'en-US';
}

export function formatDate(seconds: number, locale: PageLocale): string {
  return new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: 'medium', timeZone: 'UTC' }).format(seconds * 1000);
}
