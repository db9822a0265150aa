// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

#include "bench/compat_lifecycle.h"

#include <mstcpip.h>
#include <winsock2.h>

#include <cstdlib>

#include "portres_sim.h"

namespace portres::bench {

void StartCompat() {
  PortresSimReset();
  WSADATA data;
  if (WSAStartup(MAKEWORD(2, 2), &data) != 0) std::abort();
}

unsigned CompatLifecycle() {
  SOCKET s = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
  INET_PORT_RANGE range = {};
  range.NumberOfPorts = 8;
  INET_PORT_RESERVATION_INSTANCE instance = {};
  DWORD bytes = 0;
  if (WSAIoctl(s, SIO_ACQUIRE_PORT_RESERVATION, &range, sizeof(range),
               &instance, sizeof(instance), &bytes, nullptr, nullptr) != 0 ||
      WSAIoctl(s, SIO_ASSOCIATE_PORT_RESERVATION, &instance.Token,
               sizeof(instance.Token), nullptr, 0, &bytes, nullptr,
               nullptr) != 0) {
    std::abort();
  }
  sockaddr_in address = {};
  address.sin_family = AF_INET;
  if (bind(s, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
    std::abort();
  }
  closesocket(s);
  return ntohs(instance.Reservation.StartPort);
}

}  // namespace portres::bench
