# Copyright 2026 The portres Authors
# SPDX-License-Identifier: Apache-2.0

# Every error code compat's <winerror.h> defines has Windows' message text in
# the FormatMessage table, and the table has no code the header lacks: the
# two lists are kept by hand, so this test keeps them equal.
#
# Usage: cmake -DHEADER=portres_winerror.h -DTABLE=system_messages.cc -P ...

file(STRINGS ${HEADER} header_lines
  REGEX "^#define [A-Z_0-9]+ [0-9]+L$")
set(header_codes)
foreach(line IN LISTS header_lines)
  string(REGEX REPLACE "^#define ([A-Z_0-9]+) ([0-9]+)L$" "\\1=\\2" entry "${line}")
  list(APPEND header_codes ${entry})
endforeach()
file(STRINGS ${TABLE} table_lines REGEX "^    {[0-9]+, \".*},  // [A-Z_0-9]+$")
set(table_codes)
foreach(line IN LISTS table_lines)
  string(REGEX REPLACE "^    {([0-9]+), .*// ([A-Z_0-9]+)$" "\\2=\\1" entry "${line}")
  list(APPEND table_codes ${entry})
endforeach()
# NO_ERROR is ERROR_SUCCESS's second name: one message serves both.
list(REMOVE_ITEM header_codes "NO_ERROR=0")
list(LENGTH header_codes header_count)
if(header_count LESS 60)
  message(FATAL_ERROR "only ${header_count} codes read from ${HEADER}: the pattern is stale")
endif()
set(missing ${header_codes})
list(REMOVE_ITEM missing ${table_codes})
set(extra ${table_codes})
list(REMOVE_ITEM extra ${header_codes})
if(missing OR extra)
  message(FATAL_ERROR "winerror.h and the message table differ.\n"
    "  In the header without a message: ${missing}\n"
    "  In the table without a #define: ${extra}")
endif()
message(STATUS "${header_count} codes, each with its message")
