// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// E3 (spec §14): create a persistent TCP reservation (elevated processes
// only), associate a socket with its token, bind to port 0, report the port,
// then delete the reservation. Ordinary Win32 console code.
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

// Opens a TCP socket, associates it with `token`, binds it to port 0 and
// reports the port. Returns the socket (INVALID_SOCKET if none was opened).
static SOCKET UseReservation(ULONG64 token) {
  SOCKET sock = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  if (sock == INVALID_SOCKET) {
    wprintf(L"socket function failed with error = %d\n", WSAGetLastError());
    return sock;
  }
  wprintf(L"socket function succeeded\n");
  DWORD bytes = 0;
  if (WSAIoctl(sock, SIO_ASSOCIATE_PORT_RESERVATION, &token, sizeof(token),
               NULL, 0, &bytes, NULL, NULL) != 0) {
    wprintf(
        L"WSAIoctl(SIO_ASSOCIATE_PORT_RESERVATION) failed with error = "
        L"%d\n",
        WSAGetLastError());
    return sock;
  }
  wprintf(
      L"WSAIoctl(SIO_ASSOCIATE_PORT_RESERVATION) succeeded, "
      L"bytesReturned = %u\n",
      bytes);
  sockaddr_in local = {};
  local.sin_family = AF_INET;
  local.sin_addr.s_addr = INADDR_ANY;
  local.sin_port = 0;
  if (bind(sock, (SOCKADDR*)&local, sizeof(local)) == SOCKET_ERROR) {
    wprintf(L"bind failed with error = %d\n", WSAGetLastError());
    return sock;
  }
  wprintf(L"bind succeeded\n");
  sockaddr_in name = {};
  int length = sizeof(name);
  if (getsockname(sock, (SOCKADDR*)&name, &length) == SOCKET_ERROR) {
    wprintf(L"getsockname failed with error = %d\n", WSAGetLastError());
    return sock;
  }
  wprintf(L"getsockname succeeded\n");
  wprintf(L"Port number allocated = %u\n", ntohs(name.sin_port));
  return sock;
}

int wmain(int argc, WCHAR** argv) {
  if (argc != 3) {
    wprintf(L"usage: %s <Starting Port> <Number of Ports>\n", argv[0]);
    wprintf(L"Creates a persistent TCP port reservation\n");
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
  const USHORT start_network = htons((USHORT)start);

  ULONG64 token = 0;
  ULONG status =
      CreatePersistentTcpPortReservation(start_network, (USHORT)count, &token);
  if (status != NO_ERROR) {
    wprintf(L"CreatePersistentTcpPortReservation returned error: %ld\n",
            status);
    return 1;
  }
  wprintf(L"CreatePersistentTcpPortReservation call succeeded\n");
  wprintf(L"  Token = %I64d\n", token);

  WSADATA wsa;
  const int started = WSAStartup(MAKEWORD(2, 2), &wsa);
  if (started != 0) {
    wprintf(L"WSAStartup failed with error = %d\n", started);  // carry on
  }
  SOCKET sock = UseReservation(token);
  if (sock != INVALID_SOCKET && closesocket(sock) == SOCKET_ERROR) {
    wprintf(L"closesocket failed with error = %d\n", WSAGetLastError());
    WSACleanup();
  }

  status = DeletePersistentTcpPortReservation(start_network, (USHORT)count);
  if (status != NO_ERROR) {
    wprintf(L"DeletePersistentTcpPortReservation returned error: %ld\n",
            status);
    return 1;
  }
  wprintf(L"DeletePersistentTcpPortReservation call succeeded\n");
  return 0;
}
