# The common part of the cross toolchains here (one file per CPU sets
# DSNET_CROSS_TRIPLET, DSNET_CROSS_PROCESSOR, DSNET_CROSS_MULTIARCH and
# DSNET_CROSS_QEMU, then includes this): Debian's cross compilers, the
# target's multiarch libraries (libcmocka-dev:<arch>, which bring that
# libc and loader into the host's /lib and /usr/lib/<triplet>), and
# qemu-user to run what they build. scripts/deps installs all of it.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR ${DSNET_CROSS_PROCESSOR})
set(CMAKE_C_COMPILER ${DSNET_CROSS_TRIPLET}-gcc)
set(CMAKE_CXX_COMPILER ${DSNET_CROSS_TRIPLET}-g++)
set(CMAKE_LIBRARY_ARCHITECTURE ${DSNET_CROSS_MULTIARCH})
set(CMAKE_CROSSCOMPILING_EMULATOR ${DSNET_CROSS_QEMU})
