# Copyright 2026 The portres Authors
# SPDX-License-Identifier: Apache-2.0

# Runs the model suite against one mutant simulator; passes only if the
# suite finds a counterexample (rapidcheck's "Falsifiable"), not on a crash
# or a clean pass. Prints the shrunk counterexample's length.
#
#   cmake -DBINARY=... -DRC_PARAMS=... [-DEMULATOR=...] -P expect_caught.cmake

# A run that prints nothing at all never started (Wine, as the emulator of
# the Windows build, occasionally fails to start a process while others
# start beside it): try it again, at most three times. A run that started
# is never repeated.
foreach(attempt RANGE 1 3)
  execute_process(
    COMMAND ${CMAKE_COMMAND} -E env "RC_PARAMS=${RC_PARAMS}" ${EMULATOR} ${BINARY}
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
  if(NOT out STREQUAL "")
    break()
  endif()
  message(STATUS "attempt ${attempt}: the binary printed nothing (rc ${rc})")
endforeach()
if(rc EQUAL 0)
  message(FATAL_ERROR "ESCAPED: the model suite passes against this mutant")
endif()
if(NOT out MATCHES "Falsifiable after ([0-9]+) tests")
  message(FATAL_ERROR "the mutant run failed without a counterexample:\n${out}")
endif()
set(after "${CMAKE_MATCH_1}")
# The shrunk sequence: the lines after rapidcheck's "std::vector<...>:"
# header up to the next blank line, one command per line.
string(REGEX MATCH "std::vector<[^\n]*>:\n([^\n]+\n)*" sequence "${out}")
string(REGEX MATCHALL "\n[A-Z][A-Za-z]+\\(" commands "${sequence}")
list(LENGTH commands length)
message(STATUS "caught after ${after} tests; shrunk counterexample: "
               "${length} commands")
