// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// E4 (spec §14): delete a persistent TCP reservation. Ordinary Win32 console
// code. Usage: <Starting Port> <Number of Ports>, e.g. 5000 20.

#ifndef UNICODE
#define UNICODE
#endif
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif

// The Windows SDK needs <winsock2.h> before <mstcpip.h> and <iphlpapi.h>.
// clang-format off
#include <windows.h>
#include <winsock2.h>
#include <iphlpapi.h>
#include <stdio.h>
// clang-format on

#pragma comment(lib, "iphlpapi.lib")
#pragma comment(lib, "ws2_32.lib")

int wmain(int argc, WCHAR** argv) {
  if (argc != 3) {
    wprintf(L"usage: %s <Starting Port> <Number of Ports>\n", argv[0]);
    wprintf(L"Delete a persistent TCP port reservation\n");
    wprintf(L"Example usage:\n");
    wprintf(L"   %s 5000 20\n", argv[0]);
    wprintf(L"   where StartPort=5000 NumPorts=20");
    return 1;
  }
  const int start = _wtoi(argv[1]);
  const int count = _wtoi(argv[2]);
  if (start < 0 || start > 65535) {
    wprintf(L"Starting point must be either 0 or between 1 and 65,535\n");
    return 1;
  }
  if (count < 0) {
    wprintf(L"Number of ports must be a positive number\n");
    return 1;
  }
  const ULONG status =
      DeletePersistentTcpPortReservation(htons((USHORT)start), (USHORT)count);
  if (status != NO_ERROR) {
    wprintf(L"DeletePersistentTcpPortReservation returned error: %ld\n",
            status);
    return 1;
  }
  wprintf(L"DeletePersistentTcpPortReservation call succeeded\n");
  return 0;
}
