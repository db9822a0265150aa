# Copyright 2026 The portres Authors
# SPDX-License-Identifier: Apache-2.0

# portres_cc_library / portres_cc_test: BUILD-file-like helpers in the spirit of
# Abseil's CMake/AbseilHelpers.cmake, so each CMakeLists.txt reads as a list of
# targets and their dependencies.

include(CMakeParseArguments)

# Warnings as errors for our own code only; third-party headers are SYSTEM.
# Package recipes turn PORTRES_WERROR off: a compiler newer than ours may
# warn about something new, which must not stop a user's package build.
option(PORTRES_WERROR "Treat warnings in portres's own code as errors" ON)
set(PORTRES_WARNING_FLAGS)
if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
  # Designated initializers leave defaulted members out on purpose; g++ 12
  # still warns about them under -Wextra.
  set(PORTRES_WARNING_FLAGS -Wall -Wextra -Wno-missing-field-initializers)
  # Under AddressSanitizer g++ 12 at -O2 reports uninitialised members
  # inside the standard library (std::function in std::regex) that are
  # not: its maybe-uninitialized analysis sees ASan's instrumentation. A
  # user's sanitizer build of portres must not stop on them.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND
     CMAKE_CXX_FLAGS MATCHES "-fsanitize=[^ ]*address")
    list(APPEND PORTRES_WARNING_FLAGS -Wno-maybe-uninitialized)
  endif()
  if(PORTRES_WERROR)
    list(APPEND PORTRES_WARNING_FLAGS -Werror)
  endif()
elseif(MSVC)
  # /WX as everywhere else. MSVC builds run only in the Windows workflow;
  # the Abseil deprecations it would meet (C4996: Mutex::Lock, MutexLock's
  # pointer constructor) are gone because portres uses standard locks.
  # C4324 ("structure was padded due to alignment specifier") reports the
  # cache-line alignment portres asks for on purpose (PortPool::Index, Host).
  set(PORTRES_WARNING_FLAGS /W4 /permissive- /Zc:__cplusplus /wd4324)
  if(PORTRES_WERROR)
    list(APPEND PORTRES_WARNING_FLAGS /WX)
  endif()
endif()

# What MSVC's /W4 adds to -Wall -Wextra, for the sources Windows builds
# compile (core, sim, win32 and their tests; portres_windows_warnings):
# narrowing conversions (C4244, C4267) and hidden names (C4456-C4458). Clang's
# -Wconversion also means sign conversions, which /W4 does not.
set(PORTRES_WINDOWS_WARNING_FLAGS)
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  set(PORTRES_WINDOWS_WARNING_FLAGS -Wconversion -Wshadow)
elseif(CMAKE_CXX_COMPILER_ID MATCHES "Clang")
  set(PORTRES_WINDOWS_WARNING_FLAGS -Wconversion -Wno-sign-conversion -Wshadow)
endif()
function(portres_windows_warnings)
  foreach(target ${ARGN})
    target_compile_options(${target} PRIVATE ${PORTRES_WINDOWS_WARNING_FLAGS})
  endforeach()
endfunction()

# portres_cc_library(NAME name [STATIC] SRCS ... [PUBLIC_DEPS ...] [DEPS ...])
# Defines target portres_<name> with alias portres::<name>: shared or static
# as BUILD_SHARED_LIBS says, or always static with STATIC.
function(portres_cc_library)
  cmake_parse_arguments(ARG "STATIC" "NAME;EXPORT_NAME" "SRCS;PUBLIC_DEPS;DEPS" ${ARGN})
  set(target portres_${ARG_NAME})
  set(type)
  if(ARG_STATIC)
    set(type STATIC)
  endif()
  add_library(${target} ${type} ${ARG_SRCS})
  add_library(portres::${ARG_NAME} ALIAS ${target})
  # SOVERSION: the major version (a new major version is an ABI break).
  set_target_properties(${target} PROPERTIES EXPORT_NAME ${ARG_NAME}
    VERSION ${PROJECT_VERSION} SOVERSION ${PROJECT_VERSION_MAJOR})
  # Installed shared libraries find their siblings (compat needs sim, ...),
  # and a name used from a sibling but not exported fails when the library
  # is linked, not later in a user's program. (Not under sanitizers: clang
  # links their runtimes into programs only, so a library's calls to them
  # are undefined until then.)
  if(UNIX AND NOT APPLE)
    set_target_properties(${target} PROPERTIES INSTALL_RPATH "$ORIGIN")
    if(NOT CMAKE_CXX_FLAGS MATCHES "-fsanitize")
      target_link_options(${target} PRIVATE LINKER:--no-undefined)
    endif()
  endif()
  # Only names marked with the library's PORTRES_<NAME>_API macro
  # (portres/export.h) leave a shared library; PORTRES_BUILDING_<NAME> makes
  # the macro export them while this library is compiled.
  string(TOUPPER ${ARG_NAME} upper_name)
  set_target_properties(${target} PROPERTIES CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  target_compile_definitions(${target} PRIVATE PORTRES_BUILDING_${upper_name})
  # MSVC warns (C4251) that an exported class's private std:: members have
  # no DLL interface; every module of the process shares one C++ runtime
  # DLL, so their layout and code are the same on both sides.
  if(MSVC AND BUILD_SHARED_LIBS)
    target_compile_options(${target} PUBLIC /wd4251)
  endif()
  target_compile_features(${target} PUBLIC cxx_std_20)
  target_compile_options(${target} PRIVATE ${PORTRES_WARNING_FLAGS})
  target_include_directories(${target} PUBLIC
    $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include>
    $<BUILD_INTERFACE:${PROJECT_BINARY_DIR}/include>  # version.h, export.h
    $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>
    PRIVATE ${PROJECT_SOURCE_DIR})
  target_link_libraries(${target} PUBLIC ${ARG_PUBLIC_DEPS} PRIVATE ${ARG_DEPS})
endfunction()

# portres_cc_test(NAME name SRCS ... [DEPS ...] [LABELS ...]
#                 [ENVIRONMENT ...] [RESOURCE_LOCK lock])
# A GoogleTest binary whose tests are registered one by one with CTest; tests
# sharing a RESOURCE_LOCK never run at once under ctest --parallel.
function(portres_cc_test)
  cmake_parse_arguments(ARG "" "NAME;RESOURCE_LOCK" "SRCS;DEPS;LABELS;ENVIRONMENT" ${ARGN})
  add_executable(${ARG_NAME} ${ARG_SRCS})
  target_compile_options(${ARG_NAME} PRIVATE ${PORTRES_WARNING_FLAGS})
  target_include_directories(${ARG_NAME} PRIVATE ${PROJECT_SOURCE_DIR})
  target_link_libraries(${ARG_NAME} PRIVATE ${ARG_DEPS} GTest::gmock GTest::gtest_main)
  set(properties)
  if(ARG_LABELS)
    list(APPEND properties LABELS "${ARG_LABELS}")
  endif()
  if(ARG_ENVIRONMENT)
    list(APPEND properties ENVIRONMENT "${ARG_ENVIRONMENT}")
  endif()
  if(ARG_RESOURCE_LOCK)
    list(APPEND properties RESOURCE_LOCK "${ARG_RESOURCE_LOCK}")
  endif()
  # Listing runs the binary, under Wine when cross-compiling: allow its
  # first start to create a prefix.
  gtest_discover_tests(${ARG_NAME} DISCOVERY_MODE PRE_TEST DISCOVERY_TIMEOUT 120
    PROPERTIES ${properties})
endfunction()
