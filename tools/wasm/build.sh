#!/usr/bin/env bash
# Builds the repo's WebAssembly modules with Debian's toolchain:
#   examples/wasm/*.c                        → examples/wasm/*.wasm
#   examples/functions/*.c                   → examples/functions/*.wasm (reactor: no _start, exports only)
#   libs/runtime-wasm/test/fixtures/*.c|.wat → libs/runtime-wasm/test/fixtures/build/*.wasm
# C goes through clang --target=wasm32-wasi with wasi-libc (packages: clang lld wasi-libc
# libclang-rt-14-dev-wasm32), .wat through wabt's wat2wasm. Idempotent: a module newer than
# its source and this script is skipped. Outputs are gitignored.
#   tools/wasm/build.sh [--force]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
script="$root/tools/wasm/build.sh"
force=false
[[ "${1:-}" == "--force" ]] && force=true

CLANG=${CLANG:-clang}
WAT2WASM=${WAT2WASM:-wat2wasm}
# Debian's wasi-libc installs into /usr (include/wasm32-wasi, lib/wasm32-wasi); upstream
# wasi-sdk layouts use a dedicated sysroot.
if [[ -z "${WASI_SYSROOT:-}" ]]; then
  if [[ -d /usr/share/wasi-sysroot ]]; then WASI_SYSROOT=/usr/share/wasi-sysroot; else WASI_SYSROOT=/usr; fi
fi

need() {
  command -v "$1" >/dev/null 2>&1 || { echo "tools/wasm/build.sh: $1 not found (apt-get install $2)" >&2; exit 1; }
}

built=0 fresh=0
up_to_date() { ! $force && [[ -f "$2" && "$2" -nt "$1" && "$2" -nt "$script" ]]; }

build_c() { # src out
  if up_to_date "$1" "$2"; then fresh=$((fresh + 1)); return; fi
  need "$CLANG" "clang lld wasi-libc libclang-rt-14-dev-wasm32"
  mkdir -p "$(dirname "$2")"
  "$CLANG" --target=wasm32-wasi --sysroot="$WASI_SYSROOT" -O2 -Wall -Wextra -Werror \
    -Wl,--strip-debug -o "$2.tmp" "$1"
  mv "$2.tmp" "$2"
  built=$((built + 1))
}

build_reactor() { # src out — a function handler module (see libs/runtime-function/README.md)
  if up_to_date "$1" "$2"; then fresh=$((fresh + 1)); return; fi
  need "$CLANG" "clang lld wasi-libc libclang-rt-14-dev-wasm32"
  mkdir -p "$(dirname "$2")"
  "$CLANG" --target=wasm32-wasi --sysroot="$WASI_SYSROOT" -O2 -Wall -Wextra -Werror -mexec-model=reactor \
    -Wl,--strip-debug -o "$2.tmp" "$1"
  mv "$2.tmp" "$2"
  built=$((built + 1))
}

build_wat() { # src out
  if up_to_date "$1" "$2"; then fresh=$((fresh + 1)); return; fi
  need "$WAT2WASM" wabt
  mkdir -p "$(dirname "$2")"
  "$WAT2WASM" "$1" -o "$2.tmp"
  mv "$2.tmp" "$2"
  built=$((built + 1))
}

shopt -s nullglob
for src in "$root"/examples/wasm/*.c; do build_c "$src" "${src%.c}.wasm"; done
for src in "$root"/examples/functions/*.c; do build_reactor "$src" "${src%.c}.wasm"; done
fixtures="$root/libs/runtime-wasm/test/fixtures"
for src in "$fixtures"/*.c; do build_c "$src" "$fixtures/build/$(basename "${src%.c}").wasm"; done
for src in "$fixtures"/*.wat; do build_wat "$src" "$fixtures/build/$(basename "${src%.wat}").wasm"; done
echo "wasm modules: $built built, $fresh up to date"
