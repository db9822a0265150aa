// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// What the timing benchmarks share: a steady clock in nanoseconds and the
// simulated socket lifecycle they all measure.

#ifndef PORTRES_BENCH_BENCH_SUPPORT_H_
#define PORTRES_BENCH_BENCH_SUPPORT_H_

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <vector>

#include "benchmark/benchmark.h"
#include "portres/port_reservations.h"

namespace portres::bench {

using Clock = std::chrono::steady_clock;

inline double NanosSince(Clock::time_point start) {
  return std::chrono::duration<double, std::nano>(Clock::now() - start).count();
}

// The median of per-iteration samples: a few iterations a background process
// slowed down do not move it.
inline double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

// Open a UDP socket, acquire a wildcard block of 8, associate, bind(0),
// close (which releases the block); returns the bound port.
inline uint16_t SimLifecycle(PortReservations& ports) {
  SocketId s =
      *ports.OpenSocket(AddressFamily::kInet, SocketType::kDatagram, 0);
  Reservation r = *ports.Acquire(s, {0, 8});
  (void)ports.Associate(s, r.token);
  const uint16_t port = *ports.Bind(s, kIpv4Any, 0);
  (void)ports.CloseSocket(s);
  return port;
}

// The kernel's own lifecycle the ratios compare with: socket, bind(0),
// getsockname, close.
inline uint16_t KernelLifecycle() {
  int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address));
  socklen_t length = sizeof(address);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  ::close(fd);
  return address.sin_port;
}

// Nanoseconds for `n` runs of `lifecycle`.
template <typename Lifecycle>
double BatchNanos(int n, Lifecycle lifecycle) {
  const Clock::time_point start = Clock::now();
  for (int i = 0; i < n; ++i) benchmark::DoNotOptimize(lifecycle());
  return NanosSince(start);
}

}  // namespace portres::bench

#endif  // PORTRES_BENCH_BENCH_SUPPORT_H_
