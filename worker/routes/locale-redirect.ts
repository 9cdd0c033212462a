// GET /: send the visitor to /en or /zh by Accept-Language, before any HTML loads. (The site
// keeps a client-side fallback for deep links without a locale.)
import { Hono } from 'hono/tiny';
import type { AppEnv } from '../env';
import type { Locale } from '../vocabulary/locales';

/** The first language the browser prefers that we speak: zh* → zh, anything else → en. */
export function localeFromAcceptLanguage(header: string | undefined): Locale {
  const ranked = (header ?? '')
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().toLowerCase().split(';');
      const q = Number(
        params
          .find((p) => p.trim().startsWith('q='))
          ?.trim()
          .slice(2) ?? '1',
      );
      return { tag, q: Number.isFinite(q) ? q : 0, index };
    })
    .filter((l) => l.tag && l.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  const first = ranked.find((l) => l.tag.startsWith('zh') || l.tag.startsWith('en'));
  return first?.tag.startsWith('zh') ? 'zh' : 'en';
}

export const localeRedirect = new Hono<AppEnv>().get('/', (c) => {
  c.header('vary', 'Accept-Language');
  return c.redirect(`/${localeFromAcceptLanguage(c.req.header('accept-language'))}`, 302);
});
