# Copyright 2026 The portres Authors
# SPDX-License-Identifier: Apache-2.0

# Checks probe reports (README.md in this folder).
#
#   cmake -DREPORT=<file> -P compare_report.cmake
#       the report is well formed and has every row
#   ... -DREQUIRE_UNSUPPORTED=ON
#       and every reservation row reads "unsupported" (a platform without
#       the API, such as Wine)
#   ... -DSIMULATED=<file>
#       and each row REPORT observed is answered identically in SIMULATED
#   ... -DSIMULATED=<file> -DEXACT=ON
#       and every row, "unsupported" ones and the machine's description
#       included, is identical (the wine-8 profile against Wine 8, PF3)
#   ... -DSIMULATED=<file> -DALTER_ROW=<id>
#       self-check: REPORT with row <id> changed must differ from SIMULATED
#       in exactly that row (proves the comparison can fail)

cmake_minimum_required(VERSION 3.25)

set(rows U1 U2 U3 U4 U5 U6 U7 U8 U9 U10 U11 U11-persistent U11-foreign U12
    U13 U14 U15 U16 U17 U18 U19 U20 U21 U22 U23 U24 U25 U26 U27 U28
    O4 O5 O6 O12 O13)
# Rows that describe the run, or do not need the reservation API.
set(run_rows probe machine privilege U14)
set(api_free_rows U23 U24 U25 U27 U28)

# Reads `file` into <prefix>_<row> variables; fails on a malformed line.
function(read_report file prefix)
  file(STRINGS "${file}" lines)
  foreach(line ${lines})
    if(NOT line MATCHES "^([A-Za-z0-9-]+) (.+)$")
      message(FATAL_ERROR "${file}: not a report line: '${line}'")
    endif()
    set(${prefix}_${CMAKE_MATCH_1} "${CMAKE_MATCH_2}" PARENT_SCOPE)
  endforeach()
endfunction()

read_report("${REPORT}" report)
if(NOT report_probe STREQUAL "version=1")
  message(FATAL_ERROR "${REPORT}: not a version 1 probe report")
endif()
set(problems "")
foreach(row ${rows})
  if(NOT DEFINED report_${row})
    list(APPEND problems "row ${row} is missing")
  endif()
endforeach()

if(REQUIRE_UNSUPPORTED)
  foreach(row ${rows})
    if(row IN_LIST api_free_rows OR row IN_LIST run_rows)
      continue()
    endif()
    if(NOT report_${row} MATCHES "^(unsupported|not-probed)")
      list(APPEND problems "row ${row} should be unsupported: '${report_${row}}'")
    endif()
  endforeach()
endif()

if(DEFINED SIMULATED)
  read_report("${SIMULATED}" simulated)
  if(ALTER_ROW)
    set(report_${ALTER_ROW} "${report_${ALTER_ROW}} altered=1")
  endif()
  set(differ "")
  set(compared ${rows})
  if(EXACT)
    list(APPEND compared machine privilege)
  endif()
  foreach(row ${compared})
    if(NOT EXACT AND (row IN_LIST run_rows OR
                      report_${row} MATCHES "^(unsupported|not-probed)"))
      continue()
    endif()
    if(NOT report_${row} STREQUAL simulated_${row})
      list(APPEND differ "${row}: windows '${report_${row}}', simulator '${simulated_${row}}'")
    endif()
  endforeach()
  if(ALTER_ROW)
    if(NOT differ MATCHES "^${ALTER_ROW}: " OR differ MATCHES ";")
      message(FATAL_ERROR "the comparison missed the altered row ${ALTER_ROW}: ${differ}")
    endif()
    message(STATUS "an altered ${ALTER_ROW} is found: ${differ}")
    set(differ "")
  endif()
  list(APPEND problems ${differ})
endif()

if(problems)
  list(JOIN problems "\n  " text)
  message(FATAL_ERROR "${REPORT}:\n  ${text}")
endif()
message(STATUS "${REPORT}: ok")
