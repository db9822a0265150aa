# Copyright 2026 The portres Authors
# SPDX-License-Identifier: Apache-2.0

# Runs the Windows probe and checks its report (compare_report.cmake).
#
#   cmake -DPROBE=<exe> [-DEMULATOR=<wine>] -DOUT=<report> -DMODE=<mode>
#         [-DREPORTS_DIR=<dir>] -P probe_test.cmake
#
# MODE platform: a report from the platform it ran on (real Windows, or
#   Wine, whose reservation rows must all read "unsupported" and which must
#   answer as REPORTS_DIR/wine-8.txt in every row).
# MODE simulator: the simulator's report (the probe built against compat,
#   run elevated); the comparison is checked to find an altered row, then
#   every committed windows-*.txt in REPORTS_DIR is compared with it; and
#   the simulator under PORTRES_SIM_PROFILE=wine-8 must answer as
#   REPORTS_DIR/wine-8.txt (Wine 8's own report) in every row.

cmake_minimum_required(VERSION 3.25)
set(compare ${CMAKE_CURRENT_LIST_DIR}/compare_report.cmake)

execute_process(
  COMMAND ${CMAKE_COMMAND} -E env PORTRES_SIM_ELEVATED=1 ${EMULATOR} ${PROBE}
          --output ${OUT}
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(NOT rc EQUAL 0 OR NOT EXISTS "${OUT}")
  message(FATAL_ERROR "the probe failed (${rc}):\n${out}")
endif()
file(READ "${OUT}" report)
message(STATUS "report:\n${report}")

function(check)
  execute_process(COMMAND ${CMAKE_COMMAND} ${ARGN} -P ${compare}
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
  message(STATUS "${out}")
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "report check failed")
  endif()
endfunction()

set(wine_report "${REPORTS_DIR}/wine-8.txt")
if(MODE STREQUAL "platform")
  set(unsupported OFF)
  if(report MATCHES "machine system=wine")
    set(unsupported ON)
  endif()
  check(-DREPORT=${OUT} -DREQUIRE_UNSUPPORTED=${unsupported})
  if(report MATCHES "machine system=wine version=6.1.7601")
    # Wine 8 answers as its committed report says, row by row (PF3).
    check(-DREPORT=${wine_report} -DSIMULATED=${OUT} -DEXACT=ON)
  endif()
elseif(MODE STREQUAL "simulator")
  check(-DREPORT=${OUT})
  check(-DREPORT=${OUT} -DSIMULATED=${OUT} -DALTER_ROW=U7)
  file(GLOB windows_reports "${REPORTS_DIR}/windows-*.txt")
  foreach(windows_report ${windows_reports})
    check(-DREPORT=${windows_report} -DSIMULATED=${OUT})
  endforeach()
  list(LENGTH windows_reports count)
  message(STATUS "${count} committed Windows report(s) compared")
  # The wine-8 profile against Wine 8's report, every row (PF3); the
  # altered run proves the comparison can fail.
  execute_process(
    COMMAND ${CMAKE_COMMAND} -E env PORTRES_SIM_ELEVATED=1
            PORTRES_SIM_PROFILE=wine-8 ${PROBE} --output ${OUT}.wine-8
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "the probe failed under wine-8 (${rc}):\n${out}")
  endif()
  check(-DREPORT=${wine_report} -DSIMULATED=${OUT}.wine-8 -DEXACT=ON)
  check(-DREPORT=${wine_report} -DSIMULATED=${OUT}.wine-8 -DEXACT=ON
        -DALTER_ROW=U23)
  message(STATUS "the wine-8 profile answers as Wine 8 in every row")
else()
  message(FATAL_ERROR "MODE must be platform or simulator")
endif()
