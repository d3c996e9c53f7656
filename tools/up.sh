#!/usr/bin/env bash
# One command from a fresh machine to a running Mosaic on the embedded default: sets the
# machine up, then `mosaic up` runs the control plane (SQLite state, reconciler, private Redis)
# and an in-process agent for this machine, applies examples/ and stays in the foreground
# until Ctrl-C (instances keep running and are adopted by the next `up`).
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
state=${MOSAIC_STATE_DIR:-$HOME/.mosaic/state}
listen=${MOSAIC_LISTEN:-127.0.0.1:7070}
exec node apps/cli/dist/main.js up --state-dir "$state" --listen "$listen" --apply examples/
