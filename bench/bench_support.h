// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// What the timing benchmarks share: a steady clock in nanoseconds and the
// simulated socket lifecycle they all measure.

#ifndef PORTRES_BENCH_BENCH_SUPPORT_H_
#define PORTRES_BENCH_BENCH_SUPPORT_H_

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <vector>

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

}  // namespace portres::bench

#endif  // PORTRES_BENCH_BENCH_SUPPORT_H_
