# Copyright 2026 The portres Authors
# SPDX-License-Identifier: Apache-2.0

# The names a shared build's libraries export are portres's own, plus what
# the C++ standard library's templates export themselves: never a
# dependency's (mingw-w64 exports every symbol of a DLL that marks none,
# the statically linked Abseil's included) nor an inline function's.
#
#   cmake -DFORMAT=elf|pe -DTOOL=<nm|objdump> -DLIBRARIES=<a;b> -P exported_names_test.cmake

foreach(variable FORMAT TOOL LIBRARIES)
  if(NOT DEFINED ${variable})
    message(FATAL_ERROR "exported_names_test: ${variable} is not set")
  endif()
endforeach()

# std:: names, mangled: functions, members, typeinfo, vtables, guards.
set(standard_library "^_Z(GV)?Z?(T[ISV])?N?K?St")

foreach(library IN LISTS LIBRARIES)
  if(FORMAT STREQUAL "elf")
    execute_process(COMMAND ${TOOL} -D --defined-only --format=posix ${library}
      OUTPUT_VARIABLE listing RESULT_VARIABLE failed)
    string(REGEX MATCHALL "[^\n]+" lines "${listing}")
    set(names)
    foreach(line IN LISTS lines)
      string(REGEX MATCH "^[^ ]+" name "${line}")
      list(APPEND names ${name})
    endforeach()
  else()
    execute_process(COMMAND ${TOOL} -p ${library}
      OUTPUT_VARIABLE listing RESULT_VARIABLE failed)
    # The export directory's name table: "\t[   0] name" rows.
    string(FIND "${listing}" "[Ordinal/Name Pointer] Table" start)
    if(start EQUAL -1)
      set(listing "")
    else()
      string(SUBSTRING "${listing}" ${start} -1 listing)
    endif()
    string(REGEX MATCH "[^\n]*\n(\t\\[ *[0-9]+\\] [^\n]+\n)*" listing "${listing}")
    string(REGEX MATCHALL "\t\\[ *[0-9]+\\] [^\n]+" rows "${listing}")
    set(names)
    foreach(row IN LISTS rows)
      string(REGEX REPLACE "^\t\\[ *[0-9]+\\] " "" name "${row}")
      list(APPEND names ${name})
    endforeach()
  endif()
  if(failed)
    message(FATAL_ERROR "${TOOL} could not read ${library}")
  endif()
  list(LENGTH names count)
  if(count EQUAL 0)
    message(FATAL_ERROR "${library} exports nothing: the listing was not understood")
  endif()
  set(foreign)
  foreach(name IN LISTS names)
    if(NOT name MATCHES "portres" AND NOT name MATCHES "${standard_library}")
      list(APPEND foreign ${name})
    endif()
  endforeach()
  list(LENGTH foreign foreign_count)
  if(foreign_count GREATER 0)
    list(SUBLIST foreign 0 20 shown)
    list(JOIN shown "\n  " shown)
    message(FATAL_ERROR "${library} exports ${foreign_count} names that are "
      "not portres's (first 20):\n  ${shown}")
  endif()
  message(STATUS "${library}: ${count} exported names, all portres's")
endforeach()
