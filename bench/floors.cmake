# Copyright 2026 The portres Authors
# SPDX-License-Identifier: Apache-2.0

# The floors CI holds the benchmarks to (.ci/bench): each well inside what
# this machine class measures, so a regression fails CI and noise does not.
# The targets themselves are in the README's performance table; memory is
# deterministic, so its floors are the targets.
#
#   cmake -DRESULTS=<benchmark json>... -P bench/floors.cmake
#
# With several results of one benchmark (files, repetitions) the best
# counts.

# Two threads on one host measure how fast the host's lock passes between
# the cores, which this VM's scheduling moves by 2x without any code change
# (0.46-0.96 on the same build); its floor only catches a collapse.
cmake_minimum_required(VERSION 3.25)

set(floors
  # benchmark name|counter|min or max|bound
  "BM_Lifecycle|kernel_over_sim|min|8"
  "BM_Lifecycle|kernel_over_compat|min|7"
  "BM_RoundTrip|kernel_over_compat_round_trip|min|10"
  "BM_SharedLifecycle|shared_over_kernel|max|8"
  "BM_WildcardScaling/60000|n_over_100|max|3"
  "BM_WildcardAtOccupancy/99|p99_ns|max|2000"
  "BM_TwoThreads/0|speedup|min|1.5"
  "BM_TwoThreads/1|speedup|min|0.25"
  "BM_ModelSuiteSequences/100|sequences_per_s|min|1000"
  "BM_BytesPerReservation/iterations:1|bytes_per_reservation|max|64"
  "BM_BytesPerSocket/iterations:1|bytes_per_socket|max|128"
  "BM_BytesPerFreshHost/iterations:1|bytes_per_fresh_host|max|65536"
  "BM_AllocationsPerLifecycle/iterations:1|allocations_per_sim_lifecycle|max|0"
  "BM_AllocationsPerLifecycle/iterations:1|allocations_per_compat_lifecycle|max|0"
)

# Every result of every file: result_<name>_<k> is the k-th JSON object of
# that name (several files, or repetitions, give several).
set(names "")
foreach(file ${RESULTS})
  file(READ "${file}" json)
  string(JSON count LENGTH "${json}" benchmarks)
  math(EXPR last "${count} - 1")
  foreach(i RANGE ${last})
    string(JSON name GET "${json}" benchmarks ${i} name)
    if(NOT DEFINED "results_${name}")
      set("results_${name}" 0)
      list(APPEND names "${name}")
    endif()
    string(JSON "result_${name}_${results_${name}}" GET "${json}" benchmarks ${i})
    math(EXPR "results_${name}" "${results_${name}} + 1")
  endforeach()
endforeach()

set(failed "")
foreach(row ${floors})
  string(REPLACE "|" ";" floor "${row}")
  list(GET floor 0 name)
  list(GET floor 1 counter)
  list(GET floor 2 kind)
  list(GET floor 3 bound)
  if(NOT "${name}" IN_LIST names)
    list(APPEND failed "${name}: no result")
    continue()
  endif()
  # The best of the runs: noise only ever makes a ratio worse, so a
  # regression fails every run and a noisy run alone does not.
  math(EXPR last "${results_${name}} - 1")
  set(value "")
  foreach(k RANGE ${last})
    string(JSON run GET "${result_${name}_${k}}" ${counter})
    if(value STREQUAL "" OR (kind STREQUAL "min" AND run GREATER value) OR
       (kind STREQUAL "max" AND run LESS value))
      set(value ${run})
    endif()
  endforeach()
  if((kind STREQUAL "min" AND value LESS bound) OR
     (kind STREQUAL "max" AND value GREATER bound))
    set(verdict "BELOW FLOOR")
    list(APPEND failed "${name} ${counter}=${value} (${kind} ${bound})")
  else()
    set(verdict "ok")
  endif()
  message(STATUS "${name} ${counter} = ${value} (${kind} ${bound}): ${verdict}")
endforeach()
if(failed)
  message(FATAL_ERROR "benchmark floors missed: ${failed}")
endif()
