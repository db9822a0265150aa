/* Copyright 2026 The portres Authors
 * SPDX-License-Identifier: Apache-2.0 */

/* A UDP receiver: binds 127.0.0.1:port, waits for one datagram, tells where
 * it came from and answers it.
 *
 * usage: udp_receiver [port]      (default 27016) */

#include <winsock2.h>
#include <ws2tcpip.h>

#include <stdio.h>
#include <stdlib.h>

int main(int argc, char** argv) {
  const unsigned short port = (unsigned short)atoi(argc > 1 ? argv[1] : "27016");
  WSADATA wsa;
  SOCKET s;
  struct sockaddr_in local, from;
  int from_length = (int)sizeof(from);
  char buffer[256];
  char text[INET_ADDRSTRLEN];
  int received;

  if (WSAStartup(MAKEWORD(2, 2), &wsa) != 0) return 1;
  s = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
  ZeroMemory(&local, sizeof(local));
  local.sin_family = AF_INET;
  local.sin_port = htons(port);
  inet_pton(AF_INET, "127.0.0.1", &local.sin_addr);
  if (bind(s, (struct sockaddr*)&local, (int)sizeof(local)) == SOCKET_ERROR) {
    printf("bind failed with error: %d\n", WSAGetLastError());
    closesocket(s);
    WSACleanup();
    return 1;
  }
  received = recvfrom(s, buffer, (int)sizeof(buffer) - 1, 0,
                      (struct sockaddr*)&from, &from_length);
  if (received == SOCKET_ERROR) {
    printf("recvfrom failed with error: %d\n", WSAGetLastError());
    closesocket(s);
    WSACleanup();
    return 1;
  }
  buffer[received] = '\0';
  inet_ntop(AF_INET, &from.sin_addr, text, sizeof(text));
  printf("Received \"%s\" (%d bytes) from %s\n", buffer, received, text);
  if (sendto(s, "ack", 3, 0, (struct sockaddr*)&from, from_length) == SOCKET_ERROR) {
    printf("sendto failed with error: %d\n", WSAGetLastError());
  }
  closesocket(s);
  WSACleanup();
  return 0;
}
