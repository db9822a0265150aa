/* Copyright 2026 The portres Authors
 * SPDX-License-Identifier: Apache-2.0 */

/* The sender of udp_receiver.c: one datagram to 127.0.0.1:port, then it
 * waits up to five seconds (SO_RCVTIMEO) for the answer.
 *
 * usage: udp_sender [port]      (default 27016) */

#include <winsock2.h>
#include <ws2tcpip.h>

#include <stdio.h>
#include <stdlib.h>

int main(int argc, char** argv) {
  const unsigned short port = (unsigned short)atoi(argc > 1 ? argv[1] : "27016");
  WSADATA wsa;
  SOCKET s;
  struct sockaddr_in to;
  DWORD timeout_ms = 5000;
  char buffer[256];
  int received;

  if (WSAStartup(MAKEWORD(2, 2), &wsa) != 0) return 1;
  s = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
  setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, (const char*)&timeout_ms,
             (int)sizeof(timeout_ms));
  ZeroMemory(&to, sizeof(to));
  to.sin_family = AF_INET;
  to.sin_port = htons(port);
  inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
  if (sendto(s, "hello", 5, 0, (struct sockaddr*)&to, (int)sizeof(to)) ==
      SOCKET_ERROR) {
    printf("sendto failed with error: %d\n", WSAGetLastError());
    closesocket(s);
    WSACleanup();
    return 1;
  }
  printf("Sent 5 bytes\n");
  received = recvfrom(s, buffer, (int)sizeof(buffer) - 1, 0, NULL, NULL);
  if (received == SOCKET_ERROR) {
    printf("recvfrom failed with error: %d\n", WSAGetLastError());
    closesocket(s);
    WSACleanup();
    return 1;
  }
  buffer[received] = '\0';
  printf("Answer: %s\n", buffer);
  closesocket(s);
  WSACleanup();
  return 0;
}
