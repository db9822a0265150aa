// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// E1 (spec §14): acquire a runtime reservation on a socket, associate the
// same socket with it, bind to port 0, report the allocated port, release.
// Ordinary Win32 console code: on Windows it builds against the SDK, elsewhere
// against portres::compat. Usage: <addressfamily> <type> <protocol>
// <StartingPort> <NumberOfPorts>, e.g. 2 2 17 5000 20.

#ifndef UNICODE
#define UNICODE
#endif
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif

// The Windows SDK needs <winsock2.h> before <mstcpip.h> and <iphlpapi.h>.
// clang-format off
#include <Windows.h.>
#include <winsock2.h>
#include <ws2ipdef.h>
#include <mstcpip.h>
#include <stdio.h>
#include <stdlib.h>
// clang-format on

#pragma comment(lib, "ws2_32.lib")

static void PrintUsage(WCHAR* program) {
  wprintf(
      L"usage: %s <addressfamily> <type> <protocol> <StartingPort> "
      L"<NumberOfPorts>\n",
      program);
  wprintf(L"Opens a socket for the specified family, type, & protocol\n");
  wprintf(
      L"and then acquires a runtime port reservation for the protocol "
      L"specified\n");
  wprintf(L"%ws example usage\n", program);
  wprintf(L"   %ws 2 2 17 5000 20\n", program);
  wprintf(
      L"   where AF_INET=2 SOCK_DGRAM=2 IPPROTO_UDP=17 StartPort=5000 "
      L"NumPorts=20");
}

// Associates `sock` with the reservation, binds it to port 0 and reports the
// port the reservation handed out.
static void BindFromReservation(SOCKET sock, int family,
                                INET_PORT_RESERVATION_INSTANCE* reservation) {
  DWORD bytes = 0;
  if (WSAIoctl(sock, SIO_ASSOCIATE_PORT_RESERVATION, &reservation->Token,
               sizeof(ULONG64), NULL, 0, &bytes, NULL, NULL) != 0) {
    wprintf(
        L"WSAIoctl(SIO_ASSOCIATE_PORT_RESERVATION) failed with error = "
        L"%d\n",
        WSAGetLastError());
    return;
  }
  wprintf(
      L"WSAIoctl(SIO_ASSOCIATE_PORT_RESERVATION) succeeded, "
      L"bytesReturned = %u\n",
      bytes);

  // A sockaddr_in even for AF_INET6, as the documentation's sample does:
  // Windows then refuses the 16-byte name with WSAEFAULT.
  sockaddr_in local;
  ZeroMemory(&local, sizeof(local));
  local.sin_family = (ADDRESS_FAMILY)family;
  local.sin_addr.s_addr = INADDR_ANY;
  local.sin_port = 0;
  if (bind(sock, (SOCKADDR*)&local, sizeof(local)) == SOCKET_ERROR) {
    wprintf(L"bind failed with error = %d\n", WSAGetLastError());
    return;
  }
  wprintf(L"bind succeeded\n");

  sockaddr_in name;
  int name_length = sizeof(name);
  if (getsockname(sock, (SOCKADDR*)&name, &name_length) == SOCKET_ERROR) {
    wprintf(L"getsockname failed with error = %d\n", WSAGetLastError());
    return;
  }
  wprintf(L"getsockname succeeded\n");
  wprintf(L"Port number allocated = %u\n", ntohs(name.sin_port));
}

int wmain(int argc, WCHAR** argv) {
  if (argc != 6) {
    PrintUsage(argv[0]);
    return 1;
  }
  int family = _wtoi(argv[1]);
  int type = _wtoi(argv[2]);
  int protocol = _wtoi(argv[3]);
  int start = _wtoi(argv[4]);
  int count = _wtoi(argv[5]);
  if (start < 0 || start > 65535) {
    wprintf(L"Starting point must be either 0 or between 1 and 65,535\n");
    return 1;
  }
  if (count < 0) {
    wprintf(L"Number of ports must be a positive number\n");
    return 1;
  }

  INET_PORT_RANGE wanted;
  wanted.StartPort = htons((USHORT)start);  // network byte order
  wanted.NumberOfPorts = (USHORT)count;     // host byte order

  WSADATA wsa;
  int rc = WSAStartup(MAKEWORD(2, 2), &wsa);
  if (rc != 0) {
    wprintf(L"WSAStartup failed with error = %d\n", rc);
    return 1;
  }

  SOCKET sock = socket(family, type, protocol);
  if (sock == INVALID_SOCKET) {
    wprintf(L"socket function failed with error = %d\n", WSAGetLastError());
    WSACleanup();
    return 1;
  }
  wprintf(L"socket function succeeded\n");

  INET_PORT_RESERVATION_INSTANCE granted;
  ZeroMemory(&granted, sizeof(granted));
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
          granted.Reservation.NumberOfPorts, granted.Token.Token);

  // A second socket, opened and closed around the association, as in the
  // documentation's flow.
  SOCKET spare = socket(family, type, protocol);
  if (spare == INVALID_SOCKET) {
    wprintf(L"socket function for second socket failed with error = %d\n",
            WSAGetLastError());
    closesocket(sock);
    WSACleanup();
    return 1;
  }
  wprintf(L"socket function for second socket succeeded\n");

  BindFromReservation(sock, family, &granted);

  if (WSAIoctl(sock, SIO_RELEASE_PORT_RESERVATION, &granted.Token,
               sizeof(ULONG64), NULL, 0, &bytes, NULL, NULL) != 0) {
    wprintf(L"WSAIoctl(SIO_RELEASE_PORT_RESERVATION) failed with error = %d\n",
            WSAGetLastError());
  } else {
    wprintf(
        L"WSAIoctl(SIO_RELEASE_PORT_RESERVATION) succeeded, "
        L"bytesReturned = %u\n",
        bytes);
  }

  if (closesocket(spare) == SOCKET_ERROR) {
    wprintf(L"closesocket for second socket failed with error = %d\n",
            WSAGetLastError());
  }
  if (closesocket(sock) == SOCKET_ERROR) {
    wprintf(L"closesocket for first socket failed with error = %d\n",
            WSAGetLastError());
  }
  WSACleanup();
  return 0;
}
