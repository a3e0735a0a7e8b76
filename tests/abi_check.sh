#!/usr/bin/env bash
# The exported symbols of libdsnet.so are exactly abi/symbols.txt, all dsnet_*.
# Usage: abi_check.sh LIBRARY SYMBOLS_FILE
set -euo pipefail
lib=$1 want=$2
got=$(nm -D --defined-only "$lib" | awk '{print $3}' | sort)
if echo "$got" | grep -v '^dsnet_' | grep -q .; then
  echo "FAIL: symbols outside the dsnet_ namespace:"; echo "$got" | grep -v '^dsnet_'; exit 1
fi
if ! diff -u "$want" <(echo "$got"); then
  echo "FAIL: the exported symbols differ from $want (update it deliberately, and the SONAME when one is removed)"
  exit 1
fi
echo "abi: $(echo "$got" | wc -l) symbols as recorded: 1 passed, 0 failed"
