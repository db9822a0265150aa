/* Copyright 2026 The portres Authors
 * SPDX-License-Identifier: Apache-2.0 */

/* An echo server for several clients at once with select() and Windows'
 * fd_set: it serves `clients` connections, each until it closes, then ends.
 *
 * usage: select_server [port [clients]]      (default 27017 2) */

#include <winsock2.h>

#include <stdio.h>
#include <stdlib.h>

int main(int argc, char** argv) {
  const unsigned short port = (unsigned short)atoi(argc > 1 ? argv[1] : "27017");
  const int wanted = atoi(argc > 2 ? argv[2] : "2");
  WSADATA wsa;
  SOCKET listener;
  SOCKET clients[FD_SETSIZE];
  int open = 0, served = 0, i;
  struct sockaddr_in local;
  fd_set readable;
  char buffer[512];

  if (WSAStartup(MAKEWORD(2, 2), &wsa) != 0) return 1;
  listener = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  ZeroMemory(&local, sizeof(local));
  local.sin_family = AF_INET;
  local.sin_port = htons(port);
  local.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(listener, (struct sockaddr*)&local, (int)sizeof(local)) == SOCKET_ERROR ||
      listen(listener, SOMAXCONN) == SOCKET_ERROR) {
    printf("bind/listen failed with error: %d\n", WSAGetLastError());
    closesocket(listener);
    WSACleanup();
    return 1;
  }
  while (served < wanted || open > 0) {
    FD_ZERO(&readable);
    if (served < wanted) FD_SET(listener, &readable);
    for (i = 0; i < open; ++i) FD_SET(clients[i], &readable);
    if (select(0, &readable, NULL, NULL, NULL) == SOCKET_ERROR) {
      printf("select failed with error: %d\n", WSAGetLastError());
      break;
    }
    if (FD_ISSET(listener, &readable)) {
      clients[open++] = accept(listener, NULL, NULL);
      ++served;
      printf("Client %d connected\n", served);
    }
    for (i = 0; i < open; ++i) {
      int received;
      if (!FD_ISSET(clients[i], &readable)) continue;
      received = recv(clients[i], buffer, (int)sizeof(buffer), 0);
      if (received > 0) {
        send(clients[i], buffer, received, 0);
        printf("Echoed %d bytes\n", received);
      } else {
        printf("Client closed (%d)\n", received == 0 ? 0 : WSAGetLastError());
        closesocket(clients[i]);
        clients[i] = clients[--open];
        --i;
      }
    }
  }
  closesocket(listener);
  WSACleanup();
  return 0;
}
