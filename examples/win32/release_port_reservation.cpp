// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// E2 (spec §14): acquire a runtime reservation, then release it through the
// same socket. Ordinary Win32 console code (see acquire_port_reservation.cpp).
// Usage: <addressfamily> <type> <protocol> <StartingPort> <NumberOfPorts>.

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
#include <stdio.h>
// clang-format on

#pragma comment(lib, "ws2_32.lib")

int wmain(int argc, WCHAR** argv) {
  if (argc != 6) {
    wprintf(
        L"usage: %s <addressfamily> <type> <protocol> <StartingPort> "
        L"<NumberOfPorts>\n",
        argv[0]);
    wprintf(L"Opens a socket for the specified family, type, & protocol\n");
    wprintf(
        L"and then acquires a runtime port reservation for the protocol "
        L"specified\n");
    wprintf(L"%ws example usage\n", argv[0]);
    wprintf(L"   %ws 2 2 17 5000 20\n", argv[0]);
    wprintf(
        L"   where AF_INET=2 SOCK_DGRAM=2 IPPROTO_UDP=17 StartPort=5000 "
        L"NumPorts=20");
    return 1;
  }
  const int family = _wtoi(argv[1]);
  const int type = _wtoi(argv[2]);
  const int protocol = _wtoi(argv[3]);
  const int start = _wtoi(argv[4]);
  const int count = _wtoi(argv[5]);
  if (start < 0 || start > 65535) {
    wprintf(L"Starting point must be either 0 or between 1 and 65,535\n");
    return 1;
  }
  if (count < 0) {
    wprintf(L"Number of ports must be a positive number\n");
    return 1;
  }

  WSADATA wsa;
  const int started = WSAStartup(MAKEWORD(2, 2), &wsa);
  if (started != 0) {
    wprintf(L"WSAStartup failed with error = %d\n", started);
    return 1;
  }
  SOCKET sock = socket(family, type, protocol);
  if (sock == INVALID_SOCKET) {
    wprintf(L"socket function failed with error = %d\n", WSAGetLastError());
    WSACleanup();
    return 1;
  }
  wprintf(L"socket function succeeded\n");

  INET_PORT_RANGE wanted = {htons((USHORT)start), (USHORT)count};
  INET_PORT_RESERVATION_INSTANCE granted = {};
  DWORD bytes = 0;
  if (WSAIoctl(sock, SIO_ACQUIRE_PORT_RESERVATION, &wanted, sizeof(wanted),
               &granted, sizeof(granted), &bytes, NULL, NULL) != 0) {
    wprintf(L"WSAIoctl(SIO_ACQUIRE_PORT_RESERVATION) failed with error = %d\n",
            WSAGetLastError());
    closesocket(sock);
    WSACleanup();
    return 1;
  }
  wprintf(
      L"WSAIoctl(SIO_ACQUIRE_PORT_RESERVATION) succeeded, bytesReturned "
      L"= %u\n",
      bytes);
  wprintf(L"  Starting port=%d,  Number of Ports=%d, Token=%I64d\n",
          ntohs(granted.Reservation.StartPort),
          granted.Reservation.NumberOfPorts, granted.Token);

  // A failed release is reported, but the program still succeeds.
  if (WSAIoctl(sock, SIO_RELEASE_PORT_RESERVATION, &granted.Token,
               sizeof(granted.Token), NULL, 0, &bytes, NULL, NULL) != 0) {
    wprintf(L"WSAIoctl(SIO_RELEASE_PORT_RESERVATION) failed with error = %d\n",
            WSAGetLastError());
  } else {
    wprintf(
        L"WSAIoctl(SIO_RELEASE_PORT_RESERVATION) succeeded, "
        L"bytesReturned = %u\n",
        bytes);
  }
  closesocket(sock);
  WSACleanup();
  return 0;
}
