/* Copyright 2026 The portres Authors
 * SPDX-License-Identifier: Apache-2.0 */

/* A TCP echo server written as Windows programs are: it resolves its
 * listening address with getaddrinfo (AI_PASSIVE), listens, serves one
 * client, echoing every chunk it receives, and closes when the client has
 * shut down sending.
 *
 * usage: tcp_server [port]      (default 27015) */

#include <winsock2.h>
#include <ws2tcpip.h>

#include <stdio.h>

#define BUFFER_LENGTH 512

static int Fail(const char* what, int code, SOCKET s) {
  printf("%s failed with error: %d\n", what, code);
  if (s != INVALID_SOCKET) closesocket(s);
  WSACleanup();
  return 1;
}

int main(int argc, char** argv) {
  const char* port = argc > 1 ? argv[1] : "27015";
  WSADATA wsa;
  struct addrinfo hints;
  struct addrinfo* found = NULL;
  SOCKET listener, client;
  char buffer[BUFFER_LENGTH];
  int received, code;

  code = WSAStartup(MAKEWORD(2, 2), &wsa);
  if (code != 0) {
    printf("WSAStartup failed with error: %d\n", code);
    return 1;
  }
  ZeroMemory(&hints, sizeof(hints));
  hints.ai_family = AF_INET;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_protocol = IPPROTO_TCP;
  hints.ai_flags = AI_PASSIVE;
  code = getaddrinfo(NULL, port, &hints, &found);
  if (code != 0) return Fail("getaddrinfo", code, INVALID_SOCKET);

  listener = socket(found->ai_family, found->ai_socktype, found->ai_protocol);
  if (listener == INVALID_SOCKET) {
    freeaddrinfo(found);
    return Fail("socket", WSAGetLastError(), INVALID_SOCKET);
  }
  if (bind(listener, found->ai_addr, (int)found->ai_addrlen) == SOCKET_ERROR) {
    freeaddrinfo(found);
    return Fail("bind", WSAGetLastError(), listener);
  }
  freeaddrinfo(found);
  if (listen(listener, SOMAXCONN) == SOCKET_ERROR) {
    return Fail("listen", WSAGetLastError(), listener);
  }
  client = accept(listener, NULL, NULL);
  if (client == INVALID_SOCKET) return Fail("accept", WSAGetLastError(), listener);
  closesocket(listener);

  do {
    received = recv(client, buffer, BUFFER_LENGTH, 0);
    if (received > 0) {
      printf("Bytes received: %d\n", received);
      if (send(client, buffer, received, 0) == SOCKET_ERROR) {
        return Fail("send", WSAGetLastError(), client);
      }
      printf("Bytes sent: %d\n", received);
    } else if (received == 0) {
      printf("Connection closing...\n");
    } else {
      return Fail("recv", WSAGetLastError(), client);
    }
  } while (received > 0);

  if (shutdown(client, SD_SEND) == SOCKET_ERROR) {
    return Fail("shutdown", WSAGetLastError(), client);
  }
  closesocket(client);
  WSACleanup();
  return 0;
}
