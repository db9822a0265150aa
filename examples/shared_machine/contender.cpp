/* Copyright 2026 The portres Authors
 * SPDX-License-Identifier: Apache-2.0
 *
 * Asks for TCP port 6005 as a runtime reservation and says what Windows
 * answered: refused (WSAEADDRINUSE, 10048) while another process holds
 * it. Exit status: 0 if reserved, 1 if not. */

#include <winsock2.h>
#include <mstcpip.h>
#include <stdio.h>

int main(void) {
  WSADATA wsa;
  if (WSAStartup(MAKEWORD(2, 2), &wsa) != 0) return 1;
  SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  INET_PORT_RANGE range;
  range.StartPort = htons(6005);
  range.NumberOfPorts = 1;
  INET_PORT_RESERVATION_INSTANCE instance;
  DWORD bytes = 0;
  if (WSAIoctl(s, SIO_ACQUIRE_PORT_RESERVATION, &range, sizeof(range),
               &instance, sizeof(instance), &bytes, NULL, NULL) != 0) {
    printf("contender: port 6005 refused: %d\n", WSAGetLastError());
    return 1;
  }
  printf("contender: reserved port 6005\n");
  return 0;
}
