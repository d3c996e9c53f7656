#!/usr/bin/env bash
# Brings a fresh machine (Debian 12, Node 20, root) to the point where Mosaic builds, runs and
# tests: system packages, npm dependencies, a full build. Idempotent and quick when done:
# each step checks first and does nothing when it is already satisfied.
#   tools/setup.sh            packages + npm install + build
#   tools/setup.sh --tests    also the test-only tools (grpcurl, Kubernetes test cluster binaries)
set -euo pipefail
cd "$(dirname "$0")/.."
export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false
for_tests=false
[[ "${1:-}" == "--tests" ]] && for_tests=true

step() { printf '\n==> %s\n' "$*" >&2; }

# --- system packages -------------------------------------------------------------------
apt_packages=(redis-server etcd-server bpftrace bpftool libbpf-dev clang lld wasi-libc libclang-rt-14-dev-wasm32 wabt bubblewrap openssl)
missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
# kubectl may already come from another package (e.g. the cloud SDK's); Debian's would clash with it.
command -v kubectl >/dev/null || missing+=(kubernetes-client)
if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "missing Debian packages: ${missing[*]} (run as root, or: sudo apt-get install ${missing[*]})" >&2
    exit 1
  fi
  step "apt-get install ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# eBPF probes and bpftrace need tracefs; mount it where the kernel has it but nobody mounted it.
if [[ $(id -u) -eq 0 && -d /sys/kernel/tracing && ! -e /sys/kernel/tracing/events ]]; then
  mount -t tracefs nodev /sys/kernel/tracing 2>/dev/null || true
fi
# CO-RE object probes pin their programs, links and maps under /sys/fs/bpf/mosaic; the agent
# reports a node without bpffs as unable to load BPF.
if [[ $(id -u) -eq 0 && -d /sys/fs/bpf ]] && ! grep -qs ' /sys/fs/bpf bpf ' /proc/mounts; then
  mount -t bpf bpf /sys/fs/bpf 2>/dev/null || true
fi

# --- npm dependencies ------------------------------------------------------------------
node_major=$(node -p 'process.versions.node.split(".")[0]')
((node_major >= 20)) || { echo "Node >= 20 required (found $(node --version))" >&2; exit 1; }
deps_hash=$(cat package.json package-lock.json */*/package.json 2>/dev/null | sha256sum | cut -c1-16)
if [[ ! -f node_modules/.mosaic-deps-hash || "$(cat node_modules/.mosaic-deps-hash)" != "$deps_hash" ]]; then
  step "npm install"
  # npm ci refuses this lockfile (the registry here has no other-platform binaries), so
  # install from the committed lockfile with npm install.
  npm install --no-audit --no-fund --loglevel=error
  echo "$deps_hash" > node_modules/.mosaic-deps-hash
fi

# --- build (Nx caches: a no-op when nothing changed) -----------------------------------
step "build"
npx nx run-many -t build --output-style=static >/tmp/mosaic-build.log 2>&1 || { tail -50 /tmp/mosaic-build.log >&2; exit 1; }

# --- test-only tools --------------------------------------------------------------------
if $for_tests; then
  if [[ -x tools/grpc/install-grpcurl.sh ]]; then step "grpcurl"; tools/grpc/install-grpcurl.sh; fi
  if [[ -f tools/k8s-test-cluster/package.json ]]; then step "Kubernetes test cluster binaries"; npm run --silent k8s-test-cluster -- build; fi
fi
step "setup done"
