#!/usr/bin/env bash
# Installs grpcurl (used by the control-plane tests to check server reflection the way an
# operator would) into the Mosaic tool cache, built from source with the machine's Go.
# Idempotent: does nothing when the pinned version is already there.
set -euo pipefail

GRPCURL_VERSION="${GRPCURL_VERSION:-v1.9.3}"
BIN_DIR="${MOSAIC_CACHE_DIR:-$HOME/.cache/mosaic}/bin"
GRPCURL="$BIN_DIR/grpcurl"

if [[ -x "$GRPCURL" ]] && "$GRPCURL" -version 2>&1 | grep -q "${GRPCURL_VERSION#v}"; then
  echo "grpcurl ${GRPCURL_VERSION} already installed at $GRPCURL"
  exit 0
fi

if ! command -v go >/dev/null 2>&1; then
  echo "install-grpcurl: 'go' is not on PATH; install Go (>= 1.22) to build grpcurl" >&2
  exit 1
fi

mkdir -p "$BIN_DIR"
# -ldflags sets the version string grpcurl reports, so the check above works next time.
GOBIN="$BIN_DIR" CGO_ENABLED=0 go install \
  -ldflags "-X main.version=${GRPCURL_VERSION}" \
  "github.com/fullstorydev/grpcurl/cmd/grpcurl@${GRPCURL_VERSION}"
echo "installed grpcurl ${GRPCURL_VERSION} at $GRPCURL"
