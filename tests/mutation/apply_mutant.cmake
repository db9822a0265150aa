# Copyright 2026 The portres Authors
# SPDX-License-Identifier: Apache-2.0

# Writes a mutated copy of one simulator source: the mutant file's
# "original" text, which must occur exactly once in the source, replaced by
# its "mutant" text. Fails loudly when the original text is gone or
# ambiguous, so a change to sim/ cannot silently retire a mutant.
#
#   cmake -DMUTANT=<file.mutant> -DSOURCE_DIR=<repo> -DOUTPUT=<copy.cc>
#         -P apply_mutant.cmake
#
# A mutant file:
#   what: <the bug, one line>
#   file: <path of the source, from the repository root>
#   --- original
#   <exact lines>
#   --- mutant
#   <replacement lines, possibly none>
#   --- end

file(READ "${MUTANT}" text)
if(NOT text MATCHES "file: ([^\n]+)\n--- original\n(.*)--- mutant\n(.*)--- end\n")
  message(FATAL_ERROR "${MUTANT}: not a mutant file (see apply_mutant.cmake)")
endif()
set(path "${CMAKE_MATCH_1}")
set(original "${CMAKE_MATCH_2}")
set(mutated "${CMAKE_MATCH_3}")
file(READ "${SOURCE_DIR}/${path}" source)
string(FIND "${source}" "${original}" first)
string(FIND "${source}" "${original}" last REVERSE)
if(first EQUAL -1)
  message(FATAL_ERROR "${MUTANT}: its original text is no longer in ${path}; "
                      "update the mutant to the new code")
endif()
if(NOT first EQUAL last)
  message(FATAL_ERROR "${MUTANT}: its original text occurs more than once in "
                      "${path}; give it more context")
endif()
string(LENGTH "${original}" length)
string(SUBSTRING "${source}" 0 ${first} before)
math(EXPR rest "${first} + ${length}")
string(SUBSTRING "${source}" ${rest} -1 after)
file(WRITE "${OUTPUT}.tmp" "${before}${mutated}${after}")
file(RENAME "${OUTPUT}.tmp" "${OUTPUT}")
