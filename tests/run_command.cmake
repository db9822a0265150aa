# Copyright 2026 The portres Authors
# SPDX-License-Identifier: Apache-2.0

# run(command args...): runs a command from a CMake script and stops the
# script, naming the command, when it fails.
function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "failed (${rc}): ${ARGN}")
  endif()
endfunction()
