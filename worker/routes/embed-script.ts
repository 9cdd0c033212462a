// GET /embed/creditcast.js: @creditcast/client for an app's pages, `<script type="module" src=…>`.
// The site build writes the same bundle `npm run build:client` does into site/dist/embed/ (see
// site/vite.config.ts), and this route serves that static asset with the headers an app's page
// needs: CORS `*` (a module script is a CORS request; the file is public and carries no secret), and
// a short max-age with the assets' content-hash ETag — the URL is stable so apps never edit it, so
// a browser keeps a copy 5 minutes, then revalidates (304 while the content is unchanged).
import { Hono } from 'hono/tiny';
import type { AppEnv } from '../env';
import { notFound } from '../errors';

export const CLIENT_SCRIPT_PATH = '/embed/creditcast.js';
export const CLIENT_CACHE_CONTROL = 'public, max-age=300, must-revalidate';

export const embedScriptRoutes = new Hono<AppEnv>().get(CLIENT_SCRIPT_PATH, async (c) => {
  const asset = await c.env.ASSETS.fetch(c.req.raw);
  // A missing file would come back as the site's index.html (the SPA fallback), never as script.
  const isScript = /javascript/.test(asset.headers.get('content-type') ?? '');
  if (asset.status !== 304 && !(asset.ok && isScript)) {
    throw notFound('not_found', 'The client bundle is not built: npm run build:site.');
  }
  const res = new Response(asset.body, asset);
  res.headers.set('Access-Control-Allow-Origin', '*');
  res.headers.set('Cache-Control', CLIENT_CACHE_CONTROL);
  return res;
});
