# Copyright 2026 The portres Authors
# SPDX-License-Identifier: Apache-2.0

# Install rules and the package config that makes find_package(portres) work
# from an install prefix (checked by tests/install_test_project).

include(CMakePackageConfigHelpers)

# Where portresConfig.cmake goes; package managers that keep CMake packages
# elsewhere (vcpkg: share/portres) set it.
set(PORTRES_INSTALL_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/portres CACHE STRING
  "Install folder of portres's CMake package files, relative to the prefix")

set(portres_installed_targets portres_core portres_sim portres_portres)
set(PORTRES_HAS_CONTRACT_TESTING OFF)
if(TARGET portres_contract_testing)
  list(APPEND portres_installed_targets portres_contract_testing)
  set(PORTRES_HAS_CONTRACT_TESTING ON)
endif()
if(TARGET portres_win32)
  list(APPEND portres_installed_targets portres_win32)
endif()
set(PORTRES_HAS_TESTKIT OFF)
if(TARGET portres_testkit)
  list(APPEND portres_installed_targets portres_testkit portres_contract_suite)
  install(FILES tests/contract/port_reservations_contract.cc
    DESTINATION ${CMAKE_INSTALL_DATADIR}/portres)
  set(PORTRES_HAS_TESTKIT ON)
endif()
# The shared machine's service, client and `portres` command (POSIX).
if(TARGET portres_host_service)
  list(APPEND portres_installed_targets portres_host_service)
  install(TARGETS portres_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()
if(TARGET portres_compat)
  list(APPEND portres_installed_targets portres_compat portres_compat_wmain)
  install(DIRECTORY compat/include/ ${PORTRES_COMPAT_FORWARDERS_DIR}/
    DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/portres/compat)
endif()
install(TARGETS ${portres_installed_targets}
  EXPORT portresTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY include/portres DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(FILES ${PROJECT_BINARY_DIR}/include/portres/version.h
  ${PROJECT_BINARY_DIR}/include/portres/export.h
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/portres)

# pkg-config: relocatable (paths relative to the .pc file), so an install
# under any --prefix works.
set(pkgconfig_dir ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
file(RELATIVE_PATH PORTRES_PC_TO_PREFIX /prefix/${pkgconfig_dir} /prefix)
configure_file(cmake/portres.pc.in ${PROJECT_BINARY_DIR}/portres.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/portres.pc DESTINATION ${pkgconfig_dir})
install(EXPORT portresTargets
  NAMESPACE portres::
  DESTINATION ${PORTRES_INSTALL_CMAKEDIR})

configure_package_config_file(cmake/portresConfig.cmake.in
  ${PROJECT_BINARY_DIR}/portresConfig.cmake
  INSTALL_DESTINATION ${PORTRES_INSTALL_CMAKEDIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/portresConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES
  ${PROJECT_BINARY_DIR}/portresConfig.cmake
  ${PROJECT_BINARY_DIR}/portresConfigVersion.cmake
  DESTINATION ${PORTRES_INSTALL_CMAKEDIR})
