# Copyright 2026 The portres Authors
# SPDX-License-Identifier: Apache-2.0

# Every rule the code cites — a section (§3.2), a row (M3, O4, U7, E1, AQ8,
# BA9) or a
# source key ([MSQ-5795]) — must exist in docs/windows-semantics.md, so no
# citation leads nowhere; and every M, O and U row the simulator implements
# must be cited by at least one test.
#
#   cmake -DSOURCE_DIR=<repo> -P semantics_ids_test.cmake

cmake_minimum_required(VERSION 3.25)

set(doc_path "${SOURCE_DIR}/docs/windows-semantics.md")
file(READ "${doc_path}" doc)
file(GLOB_RECURSE files
  "${SOURCE_DIR}/core/*" "${SOURCE_DIR}/sim/*" "${SOURCE_DIR}/win32/*"
  "${SOURCE_DIR}/include/*" "${SOURCE_DIR}/tests/*" "${SOURCE_DIR}/examples/*"
  "${SOURCE_DIR}/bench/*" "${SOURCE_DIR}/README.md")
list(FILTER files INCLUDE REGEX "\\.(h|cc|cpp|md|sh)$")

set(missing "")
set(cited 0)
# Records `citation` of `file` as missing unless the document matches `pattern`.
function(require file citation pattern)
  math(EXPR count "${cited} + 1")
  set(cited ${count} PARENT_SCOPE)
  if(NOT doc MATCHES "${pattern}")
    list(APPEND missing "${file}: ${citation}")
    set(missing "${missing}" PARENT_SCOPE)
  endif()
endfunction()

foreach(file ${files})
  file(READ "${file}" text)
  string(REGEX MATCHALL "§[0-9]+(\\.[0-9]+)?" sections "${text}")
  string(REGEX MATCHALL "[^A-Za-z0-9_.]([MOUEWH]|BA|SO|RX|AQ|AS|AB|RL|UB|PC|PD|PL|PF|WN|OV|NS|FI|SV|DP)[0-9][0-9]?[^A-Za-z0-9_(]" rows "${text}")
  string(REGEX MATCHALL "\\[[A-Z][A-Z0-9]*-[A-Z0-9-]+\\]|\\[(ACQ|ASSOC|REL|IOCTLS|WSAIOCTL|BIND|CT|CU|DT|DU|LT|LU|HDR|ERRS|WINSYS|REUSE|EXCL|SOLSOCK|V6OPT|DUAL|SETOPT|CLOSE|CPUAFF|INETPTON|INETNTOP|SYSERR|ROTOR|CANCEL|GETOVL|VEREX|SOCKET|LISTEN|ACCEPT|CONNECT|SEND|RECV|SENDTO|RECVFROM|SHUTDOWN|SELECT|WSAPOLL|WSACLEANUP|LINGER|GETADDRINFO|GETNAMEINFO|CRT|CTRLHANDLER|WSAACCEPT|WSACONNECT|WSAEVENTSELECT|WSAENUMNETWORKEVENTS|WSASEND|WSARECV|ACCEPTEX|CONNECTEX|GETHOSTNAME)\\]" keys "${text}")
  foreach(section ${sections})
    string(SUBSTRING "${section}" 2 -1 number)  # after the two-byte "§"
    string(REPLACE "." "\\." number "${number}")
    require("${file}" "${section}" "\n##+ ${number}[ .]")
  endforeach()
  foreach(row ${rows})
    string(REGEX REPLACE "^[^A-Z]|[^0-9]$" "" id "${row}")
    require("${file}" "${id}" "[^A-Za-z0-9_]${id}[^A-Za-z0-9_]")
  endforeach()
  foreach(key ${keys})
    string(REGEX REPLACE "([][])" "\\\\\\1" escaped "${key}")
    require("${file}" "${key}" "${escaped}")
  endforeach()
endforeach()

# And the other way round: every row of the model (M), observation (O),
# decision (U), call (AQ, AS, AB, RL, UB, PC, PD, PL), address (BA, SO, RX)
# Winsock surface (W), handle (H), profile (PF, WN, NS), overlapped (OV)
# and fault (FI) tables that portres implements is cited by a test.
file(GLOB_RECURSE test_files "${SOURCE_DIR}/tests/*.cc" "${SOURCE_DIR}/tests/*.h"
  "${SOURCE_DIR}/tests/*.sh")
set(tests_text "")
foreach(file ${test_files})
  file(READ "${file}" text)
  string(APPEND tests_text "${text}\n")
endforeach()
# (";" would split CMake list elements.)
string(REPLACE ";" "," doc_text "${doc}")
string(REGEX MATCHALL "\n\\| ([MOUWH]|BA|SO|RX|AQ|AS|AB|RL|UB|PC|PD|PL|PF|WN|OV|NS|FI|SV|DP)[0-9]+ \\|[^\n]*" doc_rows "${doc_text}")
set(rows_checked 0)
foreach(row ${doc_rows})
  if(row MATCHES "not simulated")
    continue()
  endif()
  string(REGEX MATCH "([MOUWH]|BA|SO|RX|AQ|AS|AB|RL|UB|PC|PD|PL|PF|WN|OV|NS|FI|SV|DP)[0-9]+" id "${row}")
  math(EXPR rows_checked "${rows_checked} + 1")
  if(NOT tests_text MATCHES "[^A-Za-z0-9_]${id}[^A-Za-z0-9_]")
    list(APPEND missing "docs/windows-semantics.md: row ${id} is cited by no test")
  endif()
endforeach()

list(REMOVE_DUPLICATES missing)
if(missing)
  list(JOIN missing "\n  " text)
  message(FATAL_ERROR "cited but missing from docs/windows-semantics.md:\n  ${text}")
endif()
message(STATUS "${cited} citations, all found in docs/windows-semantics.md; "
               "${rows_checked} rows, each cited by a test")
