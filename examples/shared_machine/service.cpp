/* Copyright 2026 The portres Authors
 * SPDX-License-Identifier: Apache-2.0
 *
 * A service started after the installer: finds the persistent block,
 * associates a socket with it and binds port 0, which takes a port of the
 * block. Prints the token and the port; an unelevated process is refused
 * the association (WSAEACCES, 10013). Exit status: 0, or 1 on failure. */

#include <winsock2.h>
#include <ws2tcpip.h>
#include <mstcpip.h>
#include <iphlpapi.h>
#include <stdio.h>
#include <string.h>

int main(void) {
  WSADATA wsa;
  if (WSAStartup(MAKEWORD(2, 2), &wsa) != 0) return 1;
  ULONG64 token = 0;
  ULONG found = LookupPersistentTcpPortReservation(htons(5000), 10, &token);
  if (found != NO_ERROR) {
    printf("service: LookupPersistentTcpPortReservation failed: %lu\n",
           (unsigned long)found);
    return 1;
  }
  printf("service: found 5000-5009, token %llu\n", (unsigned long long)token);
  SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  INET_PORT_RESERVATION_TOKEN association;
  association.Token = token;
  DWORD bytes = 0;
  if (WSAIoctl(s, SIO_ASSOCIATE_PORT_RESERVATION, &association,
               sizeof(association), NULL, 0, &bytes, NULL, NULL) != 0) {
    printf("service: SIO_ASSOCIATE_PORT_RESERVATION failed: %d\n",
           WSAGetLastError());
    return 1;
  }
  struct sockaddr_in address;
  memset(&address, 0, sizeof(address));
  address.sin_family = AF_INET;
  address.sin_port = 0;  /* the system picks, from the reservation */
  if (bind(s, (struct sockaddr*)&address, sizeof(address)) != 0) {
    printf("service: bind failed: %d\n", WSAGetLastError());
    return 1;
  }
  int length = sizeof(address);
  getsockname(s, (struct sockaddr*)&address, &length);
  printf("service: bound port %u\n", ntohs(address.sin_port));
  closesocket(s);
  WSACleanup();
  return 0;
}
