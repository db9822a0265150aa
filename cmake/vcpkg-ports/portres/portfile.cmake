# Copyright 2026 The portres Authors
# SPDX-License-Identifier: Apache-2.0

# An overlay port that builds portres from this working tree:
#   vcpkg install portres --overlay-ports=<checkout>/cmake/vcpkg-ports
# or, in a manifest project, "overlay-ports" in vcpkg-configuration.json.
# With MSVC, Abseil must be built as C++20 like portres: use a triplet such
# as cmake/vcpkg-triplets/x64-windows-cxx20.cmake (--overlay-triplets).

# The checkout this port lives in (cmake/vcpkg-ports/portres/../../..).
get_filename_component(SOURCE_PATH "${CMAKE_CURRENT_LIST_DIR}/../../.." ABSOLUTE)

# Without the testkit feature, GoogleTest and rapidcheck are not looked for
# even when another port installed them.
vcpkg_check_features(OUT_FEATURE_OPTIONS feature_options
  INVERTED_FEATURES
    testkit CMAKE_DISABLE_FIND_PACKAGE_GTest
    testkit CMAKE_DISABLE_FIND_PACKAGE_rapidcheck
)

# portres's packaging options (tests/packaging/recipes_test.cmake builds
# with exactly these).
vcpkg_cmake_configure(
  SOURCE_PATH "${SOURCE_PATH}"
  OPTIONS
    -DPORTRES_BUILD_TESTS=OFF
    -DPORTRES_BUILD_EXAMPLES=OFF
    -DPORTRES_BUILD_BENCHMARKS=OFF
    -DPORTRES_WERROR=OFF
    -DPORTRES_INSTALL_CMAKEDIR=share/portres
    ${feature_options}
)
vcpkg_cmake_install()
vcpkg_cmake_config_fixup(CONFIG_PATH share/portres)
vcpkg_fixup_pkgconfig()

# The `portres` command (the host service; not on Windows) is a tool.
if(NOT VCPKG_TARGET_IS_WINDOWS)
  vcpkg_copy_tools(TOOL_NAMES portres AUTO_CLEAN)
endif()

file(REMOVE_RECURSE
  "${CURRENT_PACKAGES_DIR}/debug/include"
  "${CURRENT_PACKAGES_DIR}/debug/share")
vcpkg_install_copyright(FILE_LIST "${SOURCE_PATH}/LICENSE")
