#!/usr/bin/env bash
# Install dsnet from a build tree into a scratch prefix, then build the
# examples against the installed copy two ways: CMake find_package(dsnet)
# (shared and static targets) and pkg-config. Run each and check its output.
# Usage: run.sh BUILD_DIR SOURCE_DIR WORK_DIR C_COMPILER
# A cross build sets DSNET_TOOLCHAIN_FILE (its CMake toolchain) and
# DSNET_EMULATOR (what runs its programs, e.g. qemu-aarch64).
set -euo pipefail
build=$1 src=$2 work=$3 cc=$4
read -r -a emu <<<"${DSNET_EMULATOR:-}"
toolchain=()
[ -n "${DSNET_TOOLCHAIN_FILE:-}" ] && toolchain=(-DCMAKE_TOOLCHAIN_FILE="$DSNET_TOOLCHAIN_FILE")
rm -rf "$work"
prefix="$work/prefix"
cmake --install "$build" --prefix "$prefix" >/dev/null

passed=0
expect() { # expect NAME EXPECTED ACTUAL
  if [ "$2" != "$3" ]; then
    printf 'FAIL %s:\n--- expected\n%s\n--- got\n%s\n' "$1" "$2" "$3" >&2
    exit 1
  fi
  echo "ok $1"
  passed=$((passed + 1))
}
want_canon=$'2001:db8::1\n10.244.0.0/16'
want_pods=$'node 0: 10.244.0.0/24 fc00::/64\nnode 1: 10.244.1.0/24 fc00:0:0:1::/64\nnode 2: 10.244.2.0/24 fc00:0:0:2::/64'
input=$'2001:DB8:0:0::1\n10.244.0.0/16\n'

# 1. CMake package
cmake -S "$src/examples" -B "$work/cmake" "${toolchain[@]}" -DCMAKE_C_COMPILER="$cc" -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build "$work/cmake" >/dev/null
expect "find_package shared" "$want_canon" "$(printf '%s' "$input" | "${emu[@]}" "$work/cmake/canonicalize")"
expect "find_package static" "$want_canon" "$(printf '%s' "$input" | "${emu[@]}" "$work/cmake/canonicalize_static")"
expect "find_package pod_subnets" "$want_pods" "$("${emu[@]}" "$work/cmake/pod_subnets" 10.244.0.0/16,fc00::/48 3)"
want_alloc=$'add a: 10.244.0.0/24 fc00::/64\nadd b: 10.244.1.0/24 fc00:0:0:1::/64\ndel a: released\nadd c: 10.244.2.0/24 fc00:0:0:2::/64'
expect "find_package allocator" "$want_alloc" "$(printf 'add a\nadd b\ndel a\nadd c\n' | "${emu[@]}" "$work/cmake/allocator")"
expect "find_package plan" "valid: room for 256 nodes" "$("${emu[@]}" "$work/cmake/plan" | tail -n 1)"
# the "config" component (libdsnet_config), when this build has it: the
# kubeadm example's first finding (its IPv6 service range is inside its pod
# subnet) at the file position of the service subnet
if [ -e "$work/cmake/plan_config" ]; then
  cfgout=$(LD_LIBRARY_PATH="$prefix/lib:$prefix/lib64${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" \
           "${emu[@]}" "$work/cmake/plan_config" "$src/tests/configs/kubeadm-dualstack.yaml" || true)
  expect "find_package config" "$src/tests/configs/kubeadm-dualstack.yaml:9:18: error pod_service_overlap:" \
    "$(printf '%s\n' "$cfgout" | grep pod_service_overlap | cut -d' ' -f1-3)"
else
  echo "skip find_package config (no libdsnet_config in this build)"
fi
if readelf -d "$work/cmake/canonicalize_static" | grep NEEDED | grep -q libdsnet; then
  echo "FAIL: the static example links libdsnet.so" >&2; exit 1
fi

# 2. pkg-config
pcdir=$(dirname "$(find "$prefix" -name dsnet.pc | head -n 1)")
export PKG_CONFIG_PATH="$pcdir"
libdir=$(pkg-config --variable=libdir dsnet)
# shellcheck disable=SC2046
"$cc" -std=c11 -Wall -Werror -o "$work/canon_pc" "$src/examples/canonicalize.c" \
  $(pkg-config --cflags dsnet) $(pkg-config --libs dsnet)
expect "pkg-config shared" "$want_canon" "$(printf '%s' "$input" | LD_LIBRARY_PATH="$libdir" "${emu[@]}" "$work/canon_pc")"
# shellcheck disable=SC2046
"$cc" -std=c11 -Wall -Werror -o "$work/pods_pc_static" "$src/examples/pod_subnets.c" \
  $(pkg-config --cflags --static dsnet) "$libdir/libdsnet.a"
expect "pkg-config static" "$want_pods" "$("${emu[@]}" "$work/pods_pc_static" 10.244.0.0/16,fc00::/48 3 24 64)"
for ex in allocator plan; do
  # shellcheck disable=SC2046
  "$cc" -std=c11 -Wall -Werror -o "$work/${ex}_pc" "$src/examples/$ex.c" $(pkg-config --cflags --libs dsnet)
done
expect "pkg-config allocator" "$want_alloc" "$(printf 'add a\nadd b\ndel a\nadd c\n' | LD_LIBRARY_PATH="$libdir" "${emu[@]}" "$work/allocator_pc")"
expect "pkg-config plan" "valid: room for 256 nodes" "$(LD_LIBRARY_PATH="$libdir" "${emu[@]}" "$work/plan_pc" | tail -n 1)"
[ "$(pkg-config --modversion dsnet)" = "$(sed -n 's/^#define DSNET_VERSION_STRING "\(.*\)"/\1/p' "$prefix/include/dsnet/version.h")" ]
echo "ok pkg-config version"
echo "consumer: $((passed + 1)) passed, 0 failed"
