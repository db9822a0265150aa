/* Copyright 2026 The portres Authors
 * SPDX-License-Identifier: Apache-2.0 */

/* An echo server on WSAPoll with non-blocking sockets: it serves `clients`
 * connections, each until it closes, then ends.
 *
 * usage: poll_echo_server [port [clients]]      (default 27018 2) */

#include <winsock2.h>

#include <stdio.h>
#include <stdlib.h>

#define MAX_CLIENTS 16

int main(int argc, char** argv) {
  const unsigned short port = (unsigned short)atoi(argc > 1 ? argv[1] : "27018");
  const int wanted = atoi(argc > 2 ? argv[2] : "2");
  WSADATA wsa;
  WSAPOLLFD fds[MAX_CLIENTS + 1];
  ULONG count = 1, i;
  int served = 0;
  u_long non_blocking = 1;
  struct sockaddr_in local;
  char buffer[512];

  if (WSAStartup(MAKEWORD(2, 2), &wsa) != 0) return 1;
  fds[0].fd = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  fds[0].events = POLLRDNORM;
  ioctlsocket(fds[0].fd, FIONBIO, &non_blocking);
  ZeroMemory(&local, sizeof(local));
  local.sin_family = AF_INET;
  local.sin_port = htons(port);
  local.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(fds[0].fd, (struct sockaddr*)&local, (int)sizeof(local)) == SOCKET_ERROR ||
      listen(fds[0].fd, SOMAXCONN) == SOCKET_ERROR) {
    printf("bind/listen failed with error: %d\n", WSAGetLastError());
    closesocket(fds[0].fd);
    WSACleanup();
    return 1;
  }
  while (served < wanted || count > 1) {
    if (WSAPoll(fds, count, -1) == SOCKET_ERROR) {
      printf("WSAPoll failed with error: %d\n", WSAGetLastError());
      break;
    }
    if ((fds[0].revents & POLLRDNORM) && count <= MAX_CLIENTS) {
      SOCKET client = accept(fds[0].fd, NULL, NULL);
      if (client != INVALID_SOCKET) {
        fds[count].fd = client;  /* non-blocking, like its listener */
        fds[count].events = POLLRDNORM;
        fds[count].revents = 0;
        ++count;
        ++served;
        printf("Client %d connected\n", served);
        if (served == wanted) fds[0].events = 0;
      }
    }
    for (i = 1; i < count; ++i) {
      int received;
      if (fds[i].revents == 0) continue;
      received = recv(fds[i].fd, buffer, (int)sizeof(buffer), 0);
      if (received > 0) {
        send(fds[i].fd, buffer, received, 0);
        printf("Echoed %d bytes\n", received);
      } else if (received == SOCKET_ERROR && WSAGetLastError() == WSAEWOULDBLOCK) {
        continue;
      } else {
        printf("Client closed (%d)\n", received == 0 ? 0 : WSAGetLastError());
        closesocket(fds[i].fd);
        fds[i] = fds[--count];
        --i;
      }
    }
  }
  closesocket(fds[0].fd);
  WSACleanup();
  return 0;
}
