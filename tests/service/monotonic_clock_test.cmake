# Copyright 2026 The portres Authors
# SPDX-License-Identifier: Apache-2.0

# The host service's deadlines and spins read only the monotonic clock: a
# wall clock stepped back (NTP, an administrator) once made a 20 us spin
# last until the clock caught up, a core at 100% (SV14). Any wall-clock
# reading in the service's code or its client fails this test.
#
#   cmake -DSOURCE_DIR=<repo> -P monotonic_clock_test.cmake

cmake_minimum_required(VERSION 3.25)

file(GLOB_RECURSE files "${SOURCE_DIR}/service/*.cc"
                        "${SOURCE_DIR}/service/*.h")
set(wall_clock
    "absl::Now[(]|system_clock|gettimeofday|CLOCK_REALTIME|[^_a-z]time[(]|GetCurrentTimeNanos")
set(found "")
foreach(file IN LISTS files)
  file(STRINGS "${file}" lines REGEX "${wall_clock}")
  foreach(line IN LISTS lines)
    string(STRIP "${line}" line)
    list(APPEND found "${file}: ${line}")
  endforeach()
endforeach()
list(LENGTH files count)
if(count LESS 10)
  message(FATAL_ERROR "only ${count} service files found under ${SOURCE_DIR}")
endif()
if(found)
  list(JOIN found "\n  " text)
  message(FATAL_ERROR "the service reads the wall clock:\n  ${text}")
endif()
