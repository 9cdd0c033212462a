#!/usr/bin/env bash
# `npm test`: everything CI checks, in the order that fails fastest.
set -euo pipefail
cd "$(dirname "$0")/.."
export WRANGLER_SEND_METRICS=false CLOUDFLARE_CF_FETCH_ENABLED=false

bash tools/ensure-chromium.sh
echo "› lint"; node_modules/.bin/biome check .
echo "› typecheck"; npm run --silent typecheck
echo "› generated Env types"; bash tools/check-env-types.sh
echo "› generated OpenAPI document"; node_modules/.bin/tsx tools/openapi/generate.ts --check
echo "› generated slim Stripe SDK"; node_modules/.bin/tsx tools/stripe-slim/generate.ts --check
echo "› build the site"; node_modules/.bin/vite build --config site/vite.config.ts --logLevel warn
echo "› deploy config (dry run)"
out=$(mktemp -d); trap 'rm -rf "$out"' EXIT
node_modules/.bin/wrangler deploy --dry-run --minify --outdir "$out" >/dev/null
# Two runs, one after the other: the browser tests (and their private dev stack) never share the
# 2 cores with the workerd suites, whose load made page loads time out. Extra args go to both runs
# (with a filter, one of them may match nothing: that is not a failure).
echo "› tests: worker + node"; node_modules/.bin/vitest run --project worker --project node ${1:+--passWithNoTests} "$@"
echo "› tests: e2e (browser, dev stack)"; node_modules/.bin/vitest run --project e2e ${1:+--passWithNoTests} "$@"
