# Copyright 2026 The portres Authors
# SPDX-License-Identifier: Apache-2.0

# Installs the build tree into a scratch prefix, then configures, builds and
# runs tests/install_test_project against it, and builds its C++ consumer a
# second time from pkg-config's flags alone. Run by CTest with
#   -DBUILD_DIR=... -DSOURCE_DIR=... -DWORK_DIR=... -DLIBDIR=... -DCXX=...
file(REMOVE_RECURSE "${WORK_DIR}")

include(${CMAKE_CURRENT_LIST_DIR}/run_command.cmake)

run(${CMAKE_COMMAND} --install "${BUILD_DIR}" --prefix "${WORK_DIR}/prefix")
run(${CMAKE_COMMAND} -S "${SOURCE_DIR}/tests/install_test_project"
    -B "${WORK_DIR}/build" "-DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix")
run(${CMAKE_COMMAND} --build "${WORK_DIR}/build")
run("${WORK_DIR}/build/consumer")
foreach(optional consumer_win32 consumer_model consumer_testkit)
  if(NOT EXISTS "${WORK_DIR}/build/${optional}")
    message(FATAL_ERROR "${optional} was not built from the installed package")
  endif()
endforeach()
run("${WORK_DIR}/build/consumer_win32")
run("${WORK_DIR}/build/consumer_testkit")

# pkg-config: the same C++ consumer built with only what portres.pc says.
execute_process(
  COMMAND ${CMAKE_COMMAND} -E env
          "PKG_CONFIG_PATH=${WORK_DIR}/prefix/${LIBDIR}/pkgconfig"
          pkg-config --cflags --libs portres
  RESULT_VARIABLE rc OUTPUT_VARIABLE flags OUTPUT_STRIP_TRAILING_WHITESPACE)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "pkg-config does not find the installed portres.pc")
endif()
separate_arguments(flags UNIX_COMMAND "${flags}")
run(${CXX} -std=c++20 "${SOURCE_DIR}/tests/install_test_project/consumer.cc"
    ${flags} -o "${WORK_DIR}/consumer_pkg_config")
# Like any pkg-config consumer of a library outside the system paths, it
# finds shared builds of portres through the loader's path.
run(${CMAKE_COMMAND} -E env "LD_LIBRARY_PATH=${WORK_DIR}/prefix/${LIBDIR}"
    "${WORK_DIR}/consumer_pkg_config")
run(${CMAKE_COMMAND} -E env "RC_PARAMS=max_success=50 max_size=40"
    "${WORK_DIR}/build/consumer_model")
