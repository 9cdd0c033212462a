#!/usr/bin/env bash
# Fails when worker/worker-configuration.d.ts has drifted from wrangler.toml (fix: `npm run types`).
# `wrangler types --check` ignores --env-file (so it loses the secrets' names); instead we
# regenerate beside the committed file (import paths are relative to it) and compare.
set -euo pipefail
cd "$(dirname "$0")/.."
committed=worker/worker-configuration.d.ts
fresh=worker/.worker-configuration.check.d.ts
trap 'rm -f "$fresh"' EXIT
WRANGLER_SEND_METRICS=false node_modules/.bin/wrangler types "$fresh" \
  --include-runtime=false --env-file .dev.vars.example >/dev/null
# Line 2 names the command that generated the file; the rest must match.
if ! diff <(sed 2d "$committed") <(sed 2d "$fresh"); then
  echo "$committed is out of date with wrangler.toml: run 'npm run types' and commit it." >&2
  exit 1
fi
echo "$committed matches wrangler.toml"
