// The mail catcher's web inbox at `/`: every caught message, newest first, each opened in place.
import type { CaughtMessage } from './store';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

export function inboxPage(messages: CaughtMessage[]): string {
  const rows = messages
    .map(
      (
        m,
      ) => `<details><summary><time>${escapeHtml(m.at)}</time> · <b>${escapeHtml(m.to.join(', '))}</b> · ${escapeHtml(m.subject)}</summary>
<p>From ${escapeHtml(m.from)}</p>
<iframe title="${escapeHtml(m.subject)}" sandbox srcdoc="${escapeHtml(m.html)}"></iframe>
<pre>${escapeHtml(m.text)}</pre></details>`,
    )
    .join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Mail catcher</title>
<style>body{font:15px system-ui;margin:2rem;max-width:60rem}summary{cursor:pointer;padding:.4rem 0}
iframe{width:100%;height:16rem;border:1px solid #ccc}pre{white-space:pre-wrap;background:#f6f6f6;padding:.5rem}</style></head>
<body><h1>Mail catcher</h1><p>${messages.length} message(s). JSON: <a href="/api/messages">/api/messages?to=…</a></p>
${rows || '<p>No mail yet.</p>'}</body></html>`;
}
