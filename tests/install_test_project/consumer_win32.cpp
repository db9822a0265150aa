// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// A Win32-style program built against an installed portres::compat: wmain,
// <Windows.h>, WSAIoctl, with main() supplied by the compat library.
#include <Windows.h>
#include <winsock2.h>
#include <mstcpip.h>

int wmain(int, WCHAR**) {
  WSADATA data;
  if (WSAStartup(MAKEWORD(2, 2), &data) != 0) return 1;
  SOCKET s = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
  INET_PORT_RANGE range = {htons(5000), 20};
  INET_PORT_RESERVATION_INSTANCE out = {};
  DWORD bytes = 0;
  if (WSAIoctl(s, SIO_ACQUIRE_PORT_RESERVATION, &range, sizeof(range), &out,
               sizeof(out), &bytes, NULL, NULL) != 0) {
    return 1;
  }
  wprintf(L"installed compat reserved %d ports at %d (%ws)\n",
          out.Reservation.NumberOfPorts, ntohs(out.Reservation.StartPort),
          L"ok");
  closesocket(s);
  WSACleanup();
  return bytes == 16 ? 0 : 1;
}
