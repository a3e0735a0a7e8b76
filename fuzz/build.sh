#!/bin/bash -eu
# Build every dsnet fuzz target the way OSS-Fuzz does: with $CC, $CFLAGS and
# $LIB_FUZZING_ENGINE from the environment, into $OUT, with a seed corpus zip
# and a dictionary per target. Run from anywhere; $SRC defaults to the
# repository root's parent (OSS-Fuzz checks dsnet out as $SRC/dsnet).
#   CC=clang CFLAGS="-fsanitize=address,fuzzer-no-link" \
#   LIB_FUZZING_ENGINE=-fsanitize=fuzzer OUT=/tmp/out fuzz/build.sh
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
: "${CC:=clang}" "${CFLAGS:=}" "${LIB_FUZZING_ENGINE:=-fsanitize=fuzzer}" "${OUT:=$root/build/oss-fuzz-out}"
work=${WORK:-$(mktemp -d)}
mkdir -p "$OUT" "$work/gen/dsnet"

# The generated headers: version.h from the one copy of the version numbers
# (CMakeLists.txt project()), and export.h for a static build.
ver=$(sed -n 's/^  VERSION \([0-9.]*\)$/\1/p' "$root/CMakeLists.txt")
IFS=. read -r major minor patch <<<"$ver"
sed -e "s/@PROJECT_VERSION_MAJOR@/$major/; s/@PROJECT_VERSION_MINOR@/$minor/" \
    -e "s/@PROJECT_VERSION_PATCH@/$patch/; s/@PROJECT_VERSION@/$ver/" \
    "$root/cmake/version.h.in" > "$work/gen/dsnet/version.h"
cat > "$work/gen/dsnet/export.h" <<'H'
#ifndef DSNET_API_H
#define DSNET_API_H
#define DSNET_API
#define DSNET_DEPRECATED __attribute__((__deprecated__))
#endif
H

inc=(-I"$root/include" -I"$work/gen")
objs=()
for src in "$root"/src/*.c "$root"/src/text/*.c "$root"/src/plan/*.c; do
  obj="$work/$(basename "$(dirname "$src")")_$(basename "$src" .c).o"
  # shellcheck disable=SC2086
  $CC $CFLAGS -std=c11 "${inc[@]}" -c "$src" -o "$obj"
  objs+=("$obj")
done

# libdsnet_config and its target, when libyaml is there (the Dockerfile installs it)
cfg_objs=() yaml_libs=""
if pkg-config --exists yaml-0.1 2>/dev/null; then
  cat > "$work/gen/dsnet/config_export.h" <<'H'
#ifndef DSNET_CONFIG_API_H
#define DSNET_CONFIG_API_H
#define DSNET_CONFIG_API
#endif
H
  yaml_libs=$(pkg-config --libs yaml-0.1)
  for src in "$root"/src/config/*.c; do
    obj="$work/config_$(basename "$src" .c).o"
    # shellcheck disable=SC2086
    $CC $CFLAGS -std=c11 "${inc[@]}" $(pkg-config --cflags yaml-0.1) -c "$src" -o "$obj"
    cfg_objs+=("$obj")
  done
fi

for f in "$here"/fuzz_*.c; do
  t=$(basename "$f" .c)
  name=${t#fuzz_}
  extra=()
  if [ "$name" = config ]; then
    [ ${#cfg_objs[@]} -gt 0 ] || { echo "fuzz/build.sh: no libyaml (yaml-0.1): $t not built"; continue; }
    extra=("${cfg_objs[@]}" $yaml_libs)
  fi
  # shellcheck disable=SC2086
  $CC $CFLAGS -std=c11 "${inc[@]}" -c "$f" -o "$work/$t.o"
  # shellcheck disable=SC2086
  $CC $CFLAGS "$work/$t.o" "${extra[@]}" "${objs[@]}" $LIB_FUZZING_ENGINE -o "$OUT/$t"
  if [ -d "$here/corpus/$name" ]; then
    (cd "$here/corpus/$name" && zip -q -r "$OUT/${t}_seed_corpus.zip" .)
  fi
  [ -f "$here/$name.dict" ] && cp "$here/$name.dict" "$OUT/$t.dict"
done
echo "fuzz/build.sh: built $(ls "$OUT"/fuzz_* | grep -vc '\.') targets into $OUT"
