# Cross build for s390x Linux: gcc-s390x-linux-gnu, libcmocka-dev:s390x, qemu-s390x.
#   cmake -S . -B build/s390x -DCMAKE_TOOLCHAIN_FILE=$PWD/cmake/toolchains/s390x-linux-gnu.cmake
set(DSNET_CROSS_TRIPLET s390x-linux-gnu)
set(DSNET_CROSS_PROCESSOR s390x)
set(DSNET_CROSS_MULTIARCH s390x-linux-gnu)
set(DSNET_CROSS_QEMU qemu-s390x)
include(${CMAKE_CURRENT_LIST_DIR}/debian-cross.cmake)
