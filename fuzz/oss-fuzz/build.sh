#!/bin/bash -eu
# OSS-Fuzz entry point: the recipe lives in the repository (fuzz/build.sh),
# so that it cannot drift from the code.
exec "$SRC/dsnet/fuzz/build.sh"
