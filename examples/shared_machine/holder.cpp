/* Copyright 2026 The portres Authors
 * SPDX-License-Identifier: Apache-2.0
 *
 * Holds a runtime reservation of TCP ports 6000-6009 until it is killed:
 * the block lives as long as the process (and its socket) does. */

#include <winsock2.h>
#include <mstcpip.h>
#include <stdio.h>

int main(void) {
  WSADATA wsa;
  if (WSAStartup(MAKEWORD(2, 2), &wsa) != 0) return 1;
  SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  INET_PORT_RANGE range;
  range.StartPort = htons(6000);
  range.NumberOfPorts = 10;
  INET_PORT_RESERVATION_INSTANCE instance;
  DWORD bytes = 0;
  if (WSAIoctl(s, SIO_ACQUIRE_PORT_RESERVATION, &range, sizeof(range),
               &instance, sizeof(instance), &bytes, NULL, NULL) != 0) {
    printf("holder: SIO_ACQUIRE_PORT_RESERVATION failed: %d\n",
           WSAGetLastError());
    return 1;
  }
  printf("holder: holding 6000-6009, token %llu\n",
         (unsigned long long)instance.Token.Token);
  fflush(stdout);
  for (;;) Sleep(INFINITE);
}
