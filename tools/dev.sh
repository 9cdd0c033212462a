#!/usr/bin/env bash
# `npm run dev`: the whole stack on this machine, offline. Creates .dev.vars from the example,
# builds the site, applies local D1 migrations, then runs the Stripe emulator (:12111) and the render
# farm (:12120, tools/render-farm; its API key is made on the first run and kept in the vars file)
# and the mail catcher (:12125, tools/mail-catcher: where the Worker's email goes locally) beside
# `wrangler dev` (:8787). Ctrl-C (or SIGTERM from a test harness) stops them all: npm 11 kills
# only the shell it started, so this script traps the signal and takes its children down itself.
# The emulator keeps its state beside wrangler's (.wrangler/state, or $PERSIST_TO), so a restart
# forgets no session, charge or pending webhook, as Stripe would not.
set -euo pipefail
cd "$(dirname "$0")/.."

export WRANGLER_SEND_METRICS=false CLOUDFLARE_CF_FETCH_ENABLED=false
PORT="${PORT:-8787}"
EMULATOR_PORT="${EMULATOR_PORT:-12111}"
RENDER_FARM_PORT="${RENDER_FARM_PORT:-12120}"
MAIL_CATCHER_PORT="${MAIL_CATCHER_PORT:-12125}"

# DEV_VARS_FILE lets a harness (e2e, bench) run a second stack with its own ports and keys.
DEV_VARS_FILE="${DEV_VARS_FILE:-.dev.vars}"
if [ ! -f "$DEV_VARS_FILE" ]; then
  cp .dev.vars.example "$DEV_VARS_FILE"
  echo "Created $DEV_VARS_FILE from .dev.vars.example (test-mode values, Stripe emulator)."
fi

if [ "${SKIP_SITE_BUILD:-}" != 1 ]; then
  node_modules/.bin/vite build --config site/vite.config.ts --logLevel warn
fi
# CI=true: wrangler would otherwise ask for confirmation on a terminal (and we hide its output).
CI=true node_modules/.bin/wrangler d1 migrations apply DB --local ${PERSIST_TO:+--persist-to "$PERSIST_TO"} >/dev/null
echo "Local D1 migrations applied."
# The farm's RENDER_FARM_URL and API key in the vars file (a key in this stack's D1, made once, then reused).
node_modules/.bin/tsx tools/render-farm/dev-vars.ts "$DEV_VARS_FILE" "$RENDER_FARM_PORT"

pids=()
stop() {
  trap - TERM INT EXIT
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap 'stop; exit 0' TERM INT
trap stop EXIT

# Beside wrangler's local D1/Durable Object state; EMULATOR_STATE_FILE= (empty) keeps it in memory only.
STATE_DIR="${PERSIST_TO:-.wrangler/state}"
EMULATOR_STATE_FILE="${EMULATOR_STATE_FILE-$STATE_DIR/stripe-emulator.json}"
MAIL_CATCHER_STATE_FILE="${MAIL_CATCHER_STATE_FILE-$STATE_DIR/mail-catcher.json}"

# The emulator reads the same keys the Worker uses and delivers to the Worker.
(
  set -a; . "$(realpath "$DEV_VARS_FILE")"; set +a
  export EMULATOR_PORT EMULATOR_STATE_FILE EMULATOR_WEBHOOK_URL="${EMULATOR_WEBHOOK_URL:-http://127.0.0.1:$PORT/api/v1/webhooks/stripe}"
  exec node_modules/.bin/tsx tools/stripe-emulator/main.ts
) &
pids+=($!)

# The render farm calls the Worker's service API with its key, like any app backend.
(
  set -a; . "$(realpath "$DEV_VARS_FILE")"; set +a
  export RENDER_FARM_PORT RENDER_FARM_APP_URL="${RENDER_FARM_APP_URL:-http://127.0.0.1:$PORT}"
  exec node_modules/.bin/tsx tools/render-farm/main.ts
) &
pids+=($!)

# The inbox the Worker's email lands in (MAIL_API_BASE in the vars file points at it).
(
  export MAIL_CATCHER_PORT MAIL_CATCHER_STATE_FILE
  exec node_modules/.bin/tsx tools/mail-catcher/main.ts
) &
pids+=($!)

node_modules/.bin/wrangler dev --ip 127.0.0.1 --port "$PORT" --test-scheduled --show-interactive-dev-session=false \
  --env-file "$DEV_VARS_FILE" ${PERSIST_TO:+--persist-to "$PERSIST_TO"} &
pids+=($!)

# Whichever exits first takes the others down.
wait -n "${pids[@]}"
