# Copyright 2026 The portres Authors
# SPDX-License-Identifier: Apache-2.0

# Compares what the SDK probe prints against portres::compat (ACTUAL) with
# the table the same probe printed against the Windows SDK (TABLE): every
# name must be in both with the same value, unless KNOWN lists the name with
# exactly compat's value and a reason.
#
#   cmake [-DPROBE=sdk_probe] -DACTUAL=out.txt -DTABLE=sdk_table.txt
#         -DKNOWN=known_differences.txt -P compare.cmake

if(PROBE)  # run the probe first when given
  execute_process(COMMAND ${PROBE} OUTPUT_FILE ${ACTUAL} RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${PROBE} failed: ${rc}")
  endif()
endif()
file(STRINGS ${TABLE} table_lines)
file(STRINGS ${ACTUAL} actual_lines)
file(STRINGS ${KNOWN} known_lines REGEX "^[^#]")

# Names like "sizeof(WCHAR)" become variable keys through MAKE_C_IDENTIFIER.
foreach(line IN LISTS table_lines)
  string(REGEX MATCH "^(.*) (-?[0-9]+)$" _ "${line}")
  string(MAKE_C_IDENTIFIER "${CMAKE_MATCH_1}" key)
  set(sdk_${key} "${CMAKE_MATCH_2}")
endforeach()
foreach(line IN LISTS known_lines)
  string(REGEX MATCH "^(.*) (-?[0-9]+) \\| (.+)$" _ "${line}")
  if(NOT CMAKE_MATCH_3)
    message(FATAL_ERROR "known_differences.txt: no reason in '${line}'")
  endif()
  string(MAKE_C_IDENTIFIER "${CMAKE_MATCH_1}" key)
  set(known_${key} "${CMAKE_MATCH_2}")
endforeach()

set(problems "")
set(compared 0)
foreach(line IN LISTS actual_lines)
  string(REGEX MATCH "^(.*) (-?[0-9]+)$" _ "${line}")
  set(name "${CMAKE_MATCH_1}")
  set(value "${CMAKE_MATCH_2}")
  string(MAKE_C_IDENTIFIER "${name}" key)
  math(EXPR compared "${compared} + 1")
  if(NOT DEFINED sdk_${key})
    list(APPEND problems "${name}: printed by compat, absent from the SDK table")
  elseif(NOT sdk_${key} STREQUAL value)
    if(NOT known_${key} STREQUAL value)
      list(APPEND problems "${name}: SDK ${sdk_${key}}, compat ${value}")
    endif()
  elseif(DEFINED known_${key})
    list(APPEND problems "${name}: listed as a difference but now equal (${value})")
  endif()
endforeach()
list(LENGTH table_lines table_count)
if(NOT compared EQUAL table_count)
  list(APPEND problems "compat printed ${compared} lines, the SDK table has ${table_count}")
endif()
if(problems)
  list(JOIN problems "\n  " text)
  message(FATAL_ERROR "compat differs from the Windows SDK:\n  ${text}")
endif()
message(STATUS "${compared} names agree with the Windows SDK (known differences excepted)")
