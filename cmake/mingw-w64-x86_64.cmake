# Copyright 2026 The portres Authors
# SPDX-License-Identifier: Apache-2.0

# Cross-compiles portres for 64-bit Windows with Debian's mingw-w64, posix
# thread model (gcc 12's win32 model lacks std::mutex). Windows builds of the
# dependencies are looked up under PORTRES_MINGW_PREFIX (.ci/windows makes
# them); test executables run under Wine.
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)
set(CMAKE_C_COMPILER x86_64-w64-mingw32-gcc-posix)
set(CMAKE_CXX_COMPILER x86_64-w64-mingw32-g++-posix)
set(CMAKE_RC_COMPILER x86_64-w64-mingw32-windres)

set(PORTRES_MINGW_PREFIX "$ENV{PORTRES_MINGW_PREFIX}" CACHE PATH
  "Where the Windows builds of Abseil, GoogleTest and rapidcheck live")
set(CMAKE_FIND_ROOT_PATH /usr/x86_64-w64-mingw32 ${PORTRES_MINGW_PREFIX})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# Debian installs Wine's runner outside PATH.
set(CMAKE_CROSSCOMPILING_EMULATOR /usr/lib/wine/wine64)
# Static libraries get a static runtime: the .exe files then run under Wine
# without mingw DLLs. A DLL build shares the runtime DLLs instead (one C++
# runtime for the programs and portres's DLLs; CMakeLists.txt copies them).
if(NOT BUILD_SHARED_LIBS)
  set(CMAKE_EXE_LINKER_FLAGS_INIT "-static -static-libgcc -static-libstdc++")
endif()
