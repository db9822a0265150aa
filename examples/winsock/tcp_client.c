/* Copyright 2026 The portres Authors
 * SPDX-License-Identifier: Apache-2.0 */

/* The client of tcp_server.c, written as Windows programs are: it tries each
 * address getaddrinfo gives for the server's name (IPv6 first, then IPv4),
 * sends one message, shuts down sending and reads the echo until the server
 * closes.
 *
 * usage: tcp_client [server [port]]      (default localhost 27015) */

#include <winsock2.h>
#include <ws2tcpip.h>

#include <stdio.h>
#include <string.h>

#define BUFFER_LENGTH 512

static int Fail(const char* what, int code, SOCKET s) {
  printf("%s failed with error: %d\n", what, code);
  if (s != INVALID_SOCKET) closesocket(s);
  WSACleanup();
  return 1;
}

int main(int argc, char** argv) {
  const char* server = argc > 1 ? argv[1] : "localhost";
  const char* port = argc > 2 ? argv[2] : "27015";
  const char* message = "this is a test";
  WSADATA wsa;
  struct addrinfo hints;
  struct addrinfo* found = NULL;
  struct addrinfo* each;
  SOCKET s = INVALID_SOCKET;
  char buffer[BUFFER_LENGTH];
  int received, code;

  code = WSAStartup(MAKEWORD(2, 2), &wsa);
  if (code != 0) {
    printf("WSAStartup failed with error: %d\n", code);
    return 1;
  }
  ZeroMemory(&hints, sizeof(hints));
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_protocol = IPPROTO_TCP;
  code = getaddrinfo(server, port, &hints, &found);
  if (code != 0) return Fail("getaddrinfo", code, INVALID_SOCKET);

  for (each = found; each != NULL; each = each->ai_next) {
    s = socket(each->ai_family, each->ai_socktype, each->ai_protocol);
    if (s == INVALID_SOCKET) {
      freeaddrinfo(found);
      return Fail("socket", WSAGetLastError(), INVALID_SOCKET);
    }
    if (connect(s, each->ai_addr, (int)each->ai_addrlen) != SOCKET_ERROR) break;
    closesocket(s);
    s = INVALID_SOCKET;
  }
  freeaddrinfo(found);
  if (s == INVALID_SOCKET) {
    printf("Unable to connect to server!\n");
    WSACleanup();
    return 1;
  }

  if (send(s, message, (int)strlen(message), 0) == SOCKET_ERROR) {
    return Fail("send", WSAGetLastError(), s);
  }
  printf("Bytes Sent: %d\n", (int)strlen(message));
  if (shutdown(s, SD_SEND) == SOCKET_ERROR) {
    return Fail("shutdown", WSAGetLastError(), s);
  }
  do {
    received = recv(s, buffer, BUFFER_LENGTH, 0);
    if (received > 0) {
      printf("Bytes received: %d\n", received);
    } else if (received == 0) {
      printf("Connection closed\n");
    } else {
      return Fail("recv", WSAGetLastError(), s);
    }
  } while (received > 0);
  closesocket(s);
  WSACleanup();
  return 0;
}
