# Cross build for i686 Linux: gcc-i686-linux-gnu, libcmocka-dev:i386, qemu-i386.
#   cmake -S . -B build/i686 -DCMAKE_TOOLCHAIN_FILE=$PWD/cmake/toolchains/i686-linux-gnu.cmake
set(DSNET_CROSS_TRIPLET i686-linux-gnu)
set(DSNET_CROSS_PROCESSOR i686)
set(DSNET_CROSS_MULTIARCH i386-linux-gnu)
set(DSNET_CROSS_QEMU qemu-i386)
include(${CMAKE_CURRENT_LIST_DIR}/debian-cross.cmake)
