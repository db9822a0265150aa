# Copyright 2026 The portres Authors
# SPDX-License-Identifier: Apache-2.0

# portres_copy_mingw_runtime(dir): copies the mingw-w64 runtime DLLs that
# programs and DLLs built by this compiler load (C++, libgcc, winpthread)
# into `dir`, so the build tree runs as it is, on Windows and under Wine.
function(portres_copy_mingw_runtime dir)
  foreach(dll libstdc++-6.dll libgcc_s_seh-1.dll libwinpthread-1.dll)
    execute_process(COMMAND ${CMAKE_CXX_COMPILER} -print-file-name=${dll}
      OUTPUT_VARIABLE path OUTPUT_STRIP_TRAILING_WHITESPACE)
    if(NOT IS_ABSOLUTE "${path}" OR NOT EXISTS "${path}")
      message(FATAL_ERROR "portres: ${CMAKE_CXX_COMPILER} does not know "
        "where ${dll} is (it answered '${path}'); a DLL build needs it")
    endif()
    file(COPY ${path} DESTINATION ${dir})
  endforeach()
endfunction()
