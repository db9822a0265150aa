// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

#include "bench/compat_round_trip.h"

#include <winsock2.h>

#include <cstdlib>

#include "portres_sim.h"

namespace portres::bench {
namespace {

SOCKET client = INVALID_SOCKET;
SOCKET server = INVALID_SOCKET;

}  // namespace

void ConnectCompat() {
  PortresSimReset();
  WSADATA data;
  if (WSAStartup(MAKEWORD(2, 2), &data) != 0) std::abort();
  const SOCKET listener = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  sockaddr_in address = {};
  address.sin_family = AF_INET;
  address.sin_port = htons(27015);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  client = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  if (bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof(address)) ||
      listen(listener, 1) ||
      connect(client, reinterpret_cast<sockaddr*>(&address), sizeof(address))) {
    std::abort();
  }
  server = accept(listener, nullptr, nullptr);
  if (server == INVALID_SOCKET) std::abort();
  closesocket(listener);
}

char CompatRoundTrip() {
  char byte = 'x';
  if (send(client, &byte, 1, 0) != 1 || recv(server, &byte, 1, 0) != 1 ||
      send(server, &byte, 1, 0) != 1 || recv(client, &byte, 1, 0) != 1) {
    std::abort();
  }
  return byte;
}

}  // namespace portres::bench
