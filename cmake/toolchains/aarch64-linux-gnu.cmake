# Cross build for aarch64 Linux: gcc-aarch64-linux-gnu, libcmocka-dev:arm64, qemu-aarch64.
#   cmake -S . -B build/aarch64 -DCMAKE_TOOLCHAIN_FILE=$PWD/cmake/toolchains/aarch64-linux-gnu.cmake
set(DSNET_CROSS_TRIPLET aarch64-linux-gnu)
set(DSNET_CROSS_PROCESSOR aarch64)
set(DSNET_CROSS_MULTIARCH aarch64-linux-gnu)
set(DSNET_CROSS_QEMU qemu-aarch64)
include(${CMAKE_CURRENT_LIST_DIR}/debian-cross.cmake)
