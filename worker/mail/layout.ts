// One email's two bodies from one description: plain text and simple HTML (inline styles only, as mail
// clients want), every value escaped. Each message module (reset, receipts) writes its words; this
// only lays them out.
import type { Locale } from '../vocabulary/locales';

export interface MailContent {
  locale: Locale;
  subject: string;
  /** Paragraphs, in order. */
  lines: string[];
  /** Label/value rows (a receipt's amount, credits, date). */
  facts?: [string, string][];
  link?: { label: string; url: string };
  /** The small print under everything (why you got this email). */
  footer: string;
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] ?? ch);

export function render(content: MailContent): { subject: string; text: string; html: string } {
  const facts = content.facts ?? [];
  const text = [
    ...content.lines,
    facts.map(([label, value]) => `${label}: ${value}`).join('\n'),
    content.link ? `${content.link.label}: ${content.link.url}` : '',
    `--\n${content.footer}`,
  ]
    .filter((part) => part !== '')
    .join('\n\n');
  const rows = facts
    .map(
      ([label, value]) =>
        `<tr><td style="padding:4px 16px 4px 0;color:#555">${escapeHtml(label)}</td><td style="padding:4px 0"><b>${escapeHtml(value)}</b></td></tr>`,
    )
    .join('');
  const html = `<!doctype html><html lang="${content.locale === 'zh' ? 'zh-CN' : 'en'}"><body style="font-family:system-ui,sans-serif;font-size:15px;color:#111;max-width:560px;margin:0 auto;padding:24px">
<h1 style="font-size:20px">${escapeHtml(content.subject)}</h1>
${content.lines.map((line) => `<p>${escapeHtml(line)}</p>`).join('\n')}
${rows ? `<table style="border-collapse:collapse;margin:12px 0">${rows}</table>` : ''}
${content.link ? `<p><a href="${escapeHtml(content.link.url)}" style="display:inline-block;background:#111;color:#fff;padding:10px 16px;border-radius:6px;text-decoration:none">${escapeHtml(content.link.label)}</a></p>` : ''}
<p style="color:#777;font-size:12px;margin-top:32px">${escapeHtml(content.footer)}</p>
</body></html>`;
  return { subject: content.subject, text, html };
}
