#!/usr/bin/env bash
# One command from a fresh machine to a running Mosaic on the embedded default: sets the
# machine up, starts the control plane (SQLite state under $MOSAIC_STATE_DIR), applies
# examples/ and stays in the foreground until Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
state=${MOSAIC_STATE_DIR:-$HOME/.mosaic/state}
listen=${MOSAIC_LISTEN:-127.0.0.1:7070}
mosaic() { node apps/cli/dist/main.js --server "$listen" "$@"; }

node apps/cli/dist/main.js server --state-dir "$state" --listen "$listen" &
server=$!
trap 'kill -TERM $server 2>/dev/null; wait $server 2>/dev/null' EXIT INT TERM
for _ in $(seq 1 100); do
  mosaic get -A >/dev/null 2>&1 && break
  kill -0 $server 2>/dev/null || { echo "the control plane exited during start-up" >&2; exit 1; }
  sleep 0.2
done
mosaic apply -f examples/
mosaic get -A -o wide
echo
echo "Mosaic is up: API on $listen, state in $state. Try: npx mosaic get -A --server $listen   (Ctrl-C stops it)"
wait $server
