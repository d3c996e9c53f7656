#!/usr/bin/env bash
# Builds the repo's eBPF artefacts with Debian's toolchain (clang, libbpf-dev, bpftool):
#   examples/ebpf/build/vmlinux.h            ← bpftool btf dump file /sys/kernel/btf/vmlinux format c
#   examples/ebpf/*.bpf.c                    → examples/ebpf/build/*.bpf.o          (CO-RE objects)
#   libs/runtime-ebpf/test/fixtures/*.bpf.c  → libs/runtime-ebpf/test/fixtures/build/*.bpf.o
#   libs/runtime-ebpf/loader/*.c             → libs/runtime-ebpf/loader/build/mosaic-bpf-loader
# Objects are compiled with `clang -target bpf -O2 -g` (the -g keeps the BTF that CO-RE
# relocations and bpftool's formatted map dumps need). vmlinux.h is regenerated when the
# running kernel changes. Idempotent: an output newer than its inputs and this script is
# skipped. Outputs are gitignored. As root, a missing libbpf-dev is installed with apt-get.
#   tools/ebpf/build.sh [--force]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
script="$root/tools/ebpf/build.sh"
force=false
[[ "${1:-}" == "--force" ]] && force=true

CLANG=${CLANG:-clang}
CC=${CC:-$CLANG}
BPFTOOL=${BPFTOOL:-$(command -v bpftool || echo /usr/sbin/bpftool)}
BTF=${BTF:-/sys/kernel/btf/vmlinux}

need() { # command package
  command -v "$1" >/dev/null 2>&1 || [[ -x "$1" ]] || { echo "tools/ebpf/build.sh: $1 not found (apt-get install $2)" >&2; exit 1; }
}

if [[ ! -f /usr/include/bpf/bpf_helpers.h ]]; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    echo "tools/ebpf/build.sh: installing libbpf-dev" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libbpf-dev >/dev/null \
      || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libbpf-dev >/dev/null; }
  else
    echo "tools/ebpf/build.sh: libbpf headers missing (apt-get install libbpf-dev)" >&2
    exit 1
  fi
fi

built=0 fresh=0
# up_to_date OUT INPUT... : OUT exists and is newer than every input and this script.
up_to_date() {
  local out=$1; shift
  $force && return 1
  [[ -f "$out" && "$out" -nt "$script" ]] || return 1
  for input in "$@"; do [[ "$out" -nt "$input" ]] || return 1; done
}

# vmlinux.h: the running kernel's types. Stamped with the kernel release, so a new kernel
# (or a missing file) regenerates it and, through the mtime, every object.
build_dir="$root/examples/ebpf/build"
vmlinux_h="$build_dir/vmlinux.h"
stamp="$build_dir/vmlinux.release"
if $force || [[ ! -s "$vmlinux_h" || ! -f "$stamp" || "$(cat "$stamp")" != "$(uname -r)" ]]; then
  need "$BPFTOOL" bpftool
  [[ -r "$BTF" ]] || { echo "tools/ebpf/build.sh: $BTF not readable: this kernel has no BTF (CONFIG_DEBUG_INFO_BTF)" >&2; exit 1; }
  mkdir -p "$build_dir"
  "$BPFTOOL" btf dump file "$BTF" format c > "$vmlinux_h.tmp"
  mv "$vmlinux_h.tmp" "$vmlinux_h"
  uname -r > "$stamp"
  built=$((built + 1))
fi

arch=$(uname -m)
case "$arch" in
  x86_64) target_arch=x86 ;;
  aarch64) target_arch=arm64 ;;
  *) target_arch=$arch ;;
esac

build_bpf() { # src out
  if up_to_date "$2" "$1" "$vmlinux_h"; then fresh=$((fresh + 1)); return; fi
  need "$CLANG" clang
  mkdir -p "$(dirname "$2")"
  "$CLANG" -target bpf -O2 -g -Wall -Werror -D__TARGET_ARCH_"$target_arch" \
    -I "$build_dir" -I /usr/include/"$arch"-linux-gnu -c "$1" -o "$2.tmp"
  mv "$2.tmp" "$2"
  built=$((built + 1))
}

build_loader() { # src out
  if up_to_date "$2" "$1"; then fresh=$((fresh + 1)); return; fi
  need "$CC" clang
  mkdir -p "$(dirname "$2")"
  "$CC" -O2 -g -Wall -Wextra -Werror -o "$2.tmp" "$1" -lbpf
  mv "$2.tmp" "$2"
  built=$((built + 1))
}

shopt -s nullglob
for src in "$root"/examples/ebpf/*.bpf.c; do
  build_bpf "$src" "$build_dir/$(basename "${src%.c}").o"
done
fixtures="$root/libs/runtime-ebpf/test/fixtures"
for src in "$fixtures"/*.bpf.c; do
  build_bpf "$src" "$fixtures/build/$(basename "${src%.c}").o"
done
loader="$root/libs/runtime-ebpf/loader"
build_loader "$loader/mosaic-bpf-loader.c" "$loader/build/mosaic-bpf-loader"
echo "ebpf artefacts: $built built, $fresh up to date"
