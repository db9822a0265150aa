# The mutation check: runs the model suite's binary (built on the test-only
# simulator with sim/mutants.h) once without a mutant, which must pass, and
# once per mutant, each of which must be caught. Prints the catch rate and
# the median length of the shrunk counterexamples.
#
#   cmake -DBINARY=... -DMUTANTS_HEADER=... -DRC_PARAMS=... [-DEMULATOR=wine64]
#         -P mutation_check.cmake

file(READ "${MUTANTS_HEADER}" header)
string(REGEX MATCHALL "PORTRES_MUTANT_ROW\\(k[A-Za-z0-9]+" rows "${header}")
list(LENGTH rows count)
if(count LESS 12)
  message(FATAL_ERROR "expected at least 12 mutants, found ${count}")
endif()

function(run_mutant number out_rc out_text)
  execute_process(
    COMMAND ${CMAKE_COMMAND} -E env PORTRES_MUTANT=${number}
            "RC_PARAMS=${RC_PARAMS}" ${EMULATOR} ${BINARY}
    RESULT_VARIABLE rc OUTPUT_VARIABLE text ERROR_VARIABLE text)
  set(${out_rc} ${rc} PARENT_SCOPE)
  set(${out_text} "${text}" PARENT_SCOPE)
endfunction()

run_mutant(0 rc text)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "the unmutated simulator fails the model suite:\n${text}")
endif()

set(caught 0)
set(escaped "")
set(lengths "")
foreach(number RANGE 1 ${count})
  math(EXPR index "${number} - 1")
  list(GET rows ${index} row)
  string(REGEX REPLACE "PORTRES_MUTANT_ROW\\(" "" name "${row}")
  run_mutant(${number} rc text)
  if(rc EQUAL 0)
    list(APPEND escaped ${name})
    message(STATUS "mutant ${number} ${name}: ESCAPED")
    continue()
  endif()
  math(EXPR caught "${caught} + 1")
  # The shrunk sequence: the lines between rapidcheck's "std::vector<...>:"
  # header and the next blank line, one command per line.
  string(REGEX MATCH "std::vector<[^\n]*>:\n([^\n]+\n)*" sequence "${text}")
  string(REGEX MATCHALL "\n[A-Z][A-Za-z]+\\(" commands "${sequence}")
  list(LENGTH commands length)
  list(APPEND lengths ${length})
  string(REGEX MATCH "Falsifiable after [0-9]+ tests" after "${text}")
  message(STATUS "mutant ${number} ${name}: caught (${after}), ${length} commands")
endforeach()

list(SORT lengths COMPARE NATURAL)
list(LENGTH lengths found)
if(found GREATER 0)
  math(EXPR middle "${found} / 2")
  list(GET lengths ${middle} median)
else()
  set(median "n/a")
endif()
message(STATUS "mutation check: caught ${caught}/${count} mutants; median shrunk counterexample ${median} commands")
if(escaped)
  message(FATAL_ERROR "mutants not caught: ${escaped}")
endif()
