// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// E5 (spec §14): look up a persistent TCP reservation's token (no privilege
// needed), then associate a socket with it (elevated processes only) and bind
// to port 0. Ordinary Win32 console code.
// Usage: <Starting Port> <Number of Ports>, e.g. 5000 20.

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
#include <mstcpip.h>
#include <iphlpapi.h>
#include <stdio.h>
// clang-format on

#pragma comment(lib, "iphlpapi.lib")
#pragma comment(lib, "ws2_32.lib")

int wmain(int argc, WCHAR** argv) {
  if (argc != 3) {
    wprintf(L"usage: %s <Starting Port> <Number of Ports>\n", argv[0]);
    wprintf(L"Look up a persistent TCP port reservation\n");
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

  ULONG64 token = 0;
  const ULONG status = LookupPersistentTcpPortReservation(
      htons((USHORT)start), (USHORT)count, &token);
  if (status != NO_ERROR) {
    wprintf(L"LookupPersistentTcpPortReservation returned error: %ld\n",
            status);
    return 1;
  }
  wprintf(L"LookupPersistentTcpPortReservation call succeeded\n");
  wprintf(L"  Token = %I64d\n", token);

  WSADATA wsa;
  const int started = WSAStartup(MAKEWORD(2, 2), &wsa);
  if (started != 0) {
    wprintf(L"WSAStartup failed with error = %d\n", started);
    return 1;
  }
  SOCKET sock = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  if (sock == INVALID_SOCKET) {
    wprintf(L"socket function failed with error = %d\n", WSAGetLastError());
    WSACleanup();
    return 1;
  }
  wprintf(L"socket function succeeded\n");

  DWORD bytes = 0;
  if (WSAIoctl(sock, SIO_ASSOCIATE_PORT_RESERVATION, &token, sizeof(token),
               NULL, 0, &bytes, NULL, NULL) != 0) {
    wprintf(
        L"WSAIoctl(SIO_ASSOCIATE_PORT_RESERVATION) failed with error = "
        L"%d\n",
        WSAGetLastError());
  } else {
    wprintf(
        L"WSAIoctl(SIO_ASSOCIATE_PORT_RESERVATION) succeeded, "
        L"bytesReturned = %u\n",
        bytes);
    sockaddr_in local = {};
    local.sin_family = AF_INET;
    local.sin_addr.s_addr = INADDR_ANY;
    if (bind(sock, (SOCKADDR*)&local, sizeof(local)) == SOCKET_ERROR) {
      wprintf(L"bind failed with error = %d\n", WSAGetLastError());
    } else {
      wprintf(L"bind succeeded\n");
      sockaddr_in name = {};
      int length = sizeof(name);
      if (getsockname(sock, (SOCKADDR*)&name, &length) == SOCKET_ERROR) {
        wprintf(L"getsockname failed with error = %d\n", WSAGetLastError());
      } else {
        wprintf(L"getsockname succeeded\n");
        wprintf(L"Port number allocated = %u\n", ntohs(name.sin_port));
      }
    }
  }
  closesocket(sock);
  WSACleanup();
  return 0;
}
