# Copyright 2026 The portres Authors
# SPDX-License-Identifier: Apache-2.0

# What can be checked of the package recipes without vcpkg or Conan (neither
# is reachable from the project's CI machines): each recipe's own list of
# CMake options builds and installs portres, and tests/install_test_project's
# consumers build against the result and run.
#   - Conan (cmake/conan/conanfile.py): a copy of the checkout holding only
#     the recipe's SOURCES (what `conan create` exports) is built with its
#     CMAKE_OPTIONS, so a file the build needs but the recipe does not export
#     fails here.
#   - vcpkg (cmake/vcpkg-ports/portres/portfile.cmake): built again with the
#     port's OPTIONS, which put the CMake package in share/portres as vcpkg
#     keeps it.
#   - Both vcpkg manifests (the port's and the Windows workflow's) carry the
#     version CMakeLists.txt gives.
#
#   cmake -DSOURCE_DIR=<checkout> -DWORK_DIR=<scratch> -P recipes_test.cmake

foreach(variable SOURCE_DIR WORK_DIR)
  if(NOT DEFINED ${variable})
    message(FATAL_ERROR "recipes_test: ${variable} is not set")
  endif()
endforeach()
file(REMOVE_RECURSE "${WORK_DIR}")

include(${CMAKE_CURRENT_LIST_DIR}/../run_command.cmake)

# Configures the build folder from `source` with `options` (again: a second
# call recompiles only what the new options change), builds and installs it
# into `prefix`, whose `config_dir` must then hold portresConfig.cmake, and
# builds and runs the installed-package consumers named. Release, as package
# managers build, and with warnings as errors after the recipe's own options:
# portres's code must build clean at -O3 too (g++ 12 warns there about
# things it does not see at -O2).
function(build_install_consume name source prefix config_dir)
  cmake_parse_arguments(ARG "" "" "OPTIONS;CONSUMERS" ${ARGN})
  set(build "${WORK_DIR}/build")
  message(STATUS "${name}: configuring with ${ARG_OPTIONS}")
  run(${CMAKE_COMMAND} -S "${source}" -B "${build}" -DCMAKE_BUILD_TYPE=Release
      "-DCMAKE_INSTALL_PREFIX=${prefix}" ${ARG_OPTIONS} -DPORTRES_WERROR=ON)
  run(${CMAKE_COMMAND} --build "${build}" -j2)
  run(${CMAKE_COMMAND} --install "${build}")
  if(NOT EXISTS "${prefix}/${config_dir}/portresConfig.cmake")
    message(FATAL_ERROR "${name}: no portresConfig.cmake in ${config_dir}, "
      "where the recipe expects it")
  endif()
  set(consumers "${WORK_DIR}/${name}-consumers")
  run(${CMAKE_COMMAND} -S "${SOURCE_DIR}/tests/install_test_project"
      -B "${consumers}" "-DCMAKE_PREFIX_PATH=${prefix}")
  foreach(consumer IN LISTS ARG_CONSUMERS)
    run(${CMAKE_COMMAND} --build "${consumers}" --target ${consumer})
    run("${consumers}/${consumer}")
  endforeach()
endfunction()

# ---- versions: the vcpkg manifests say the project's version ----
file(READ "${SOURCE_DIR}/CMakeLists.txt" cmakelists)
string(REGEX MATCH "project\\(portres VERSION ([0-9.]+)" _ "${cmakelists}")
set(version "${CMAKE_MATCH_1}")
foreach(manifest cmake/vcpkg-ports/portres/vcpkg.json vcpkg.json)
  file(READ "${SOURCE_DIR}/${manifest}" json)
  string(JSON manifest_version ERROR_VARIABLE no_semver GET "${json}" version-semver)
  if(no_semver)
    string(JSON manifest_version GET "${json}" version-string)
  endif()
  if(NOT manifest_version STREQUAL version)
    message(FATAL_ERROR "${manifest} says version ${manifest_version}; "
      "CMakeLists.txt says ${version}")
  endif()
endforeach()

# ---- Conan ----
file(READ "${SOURCE_DIR}/cmake/conan/conanfile.py" recipe)
if(NOT recipe MATCHES "\nSOURCES = \\[([^]]*)\\]")
  message(FATAL_ERROR "conanfile.py: no SOURCES = [...] list")
endif()
string(REGEX MATCHALL "\"[^\"]+\"" sources "${CMAKE_MATCH_1}")
if(NOT recipe MATCHES "\nCMAKE_OPTIONS = {([^}]*)}")
  message(FATAL_ERROR "conanfile.py: no CMAKE_OPTIONS = {...} dict")
endif()
string(REGEX MATCHALL "\"[A-Za-z_]+\": \"[^\"]*\"" pairs "${CMAKE_MATCH_1}")
set(conan_options)
foreach(pair IN LISTS pairs)
  string(REGEX REPLACE "\"([A-Za-z_]+)\": \"([^\"]*)\"" "-D\\1=\\2" option "${pair}")
  list(APPEND conan_options "${option}")
endforeach()
set(exported "${WORK_DIR}/conan-export")
foreach(quoted IN LISTS sources)
  string(REPLACE "\"" "" source "${quoted}")
  if(IS_DIRECTORY "${SOURCE_DIR}/${source}")
    get_filename_component(parent "${exported}/${source}" DIRECTORY)
    file(COPY "${SOURCE_DIR}/${source}" DESTINATION "${parent}")
  elseif(EXISTS "${SOURCE_DIR}/${source}")
    file(COPY "${SOURCE_DIR}/${source}" DESTINATION "${exported}")
  else()
    message(FATAL_ERROR "conanfile.py exports ${source}, which does not exist")
  endif()
endforeach()
# package_info() points Conan at lib/cmake/portres.
build_install_consume(conan "${exported}" "${WORK_DIR}/conan-prefix"
  lib/cmake/portres OPTIONS ${conan_options}
  CONSUMERS consumer consumer_win32 consumer_testkit)

# ---- vcpkg ----
file(READ "${SOURCE_DIR}/cmake/vcpkg-ports/portres/portfile.cmake" portfile)
if(NOT portfile MATCHES "vcpkg_cmake_configure\\([^)]*OPTIONS\n([^$]*)\\\${feature_options}")
  message(FATAL_ERROR "portfile.cmake: no OPTIONS in vcpkg_cmake_configure")
endif()
string(REGEX MATCHALL "-D[A-Za-z_]+=[^ \n]+" vcpkg_options "${CMAKE_MATCH_1}")
# vcpkg_cmake_config_fixup(CONFIG_PATH share/portres) expects it there. The
# port builds the whole checkout; the exported copy above holds everything a
# build reads (that is what the Conan half shows), so the copy's build folder
# is reused and only what the port's options change is rebuilt.
build_install_consume(vcpkg "${exported}" "${WORK_DIR}/vcpkg-prefix"
  share/portres OPTIONS ${vcpkg_options} CONSUMERS consumer consumer_testkit)
message(STATUS "both recipes' builds installed a package the consumers use")
