// The service API's OpenAPI document as a static asset: the site build writes the generated
// worker/service/openapi.json into site/dist at the route's own path, compact (the bytes the Worker
// answered with when it bundled the file), and the Worker's route reads it through the ASSETS binding
// (worker/service/openapi-runtime.ts). Why: bundled it was ~3 KiB gzip of the Worker's size budget.
import { readFileSync } from 'node:fs';
import type { Plugin } from 'vite';

/** Where the document sits in site/dist: the URL it is served at (`/api/*` reaches the Worker first). */
export const OPENAPI_ASSET_PATH = 'api/v1/openapi.json';

const source = new URL('../../worker/service/openapi.json', import.meta.url);

/** The committed document, compact: what `c.json(document)` sent when the Worker bundled it. */
export function openapiAsset(): string {
  return JSON.stringify(JSON.parse(readFileSync(source, 'utf8')));
}

/** Vite plugin: emits the document into the site build. */
export const openapiDocument: Plugin = {
  name: 'creditcast-openapi-document',
  apply: 'build',
  generateBundle() {
    this.emitFile({ type: 'asset', fileName: OPENAPI_ASSET_PATH, source: openapiAsset() });
  },
};
