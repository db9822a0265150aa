// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// File: free_ports.h
//
// Ports a test on a real machine can use: `count` ports free in both TCP
// and UDP right now, found the way the machine itself hands them out — a
// wildcard SIO_ACQUIRE_PORT_RESERVATION — so excluded ranges (Hyper-V,
// WinNAT, administered blocks) are never picked. The blocks are released
// before it returns (CMake target portres::testkit).
//
// Example:
//   absl::StatusOr<uint16_t> base = portres::testkit::FindFreePorts(ports, 200);
//   if (base.ok()) { /* use *base .. *base + 199 */ }
//
// Thread safety: as `ports`; another process may take the ports afterwards.

#ifndef PORTRES_TESTING_FREE_PORTS_H_
#define PORTRES_TESTING_FREE_PORTS_H_

#include <cstdint>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "portres/port_reservations.h"
#include "portres/types.h"

namespace portres::testkit {

// The first of `count` ports free in TCP and UDP: a wildcard UDP block that
// TCP can also acquire. Blocks that TCP cannot take stay held while looking
// (so each attempt lands elsewhere) and all are released by closing their
// sockets. Fails with the acquire's status (WSAEOPNOTSUPP where the API is
// missing), or NOT_FOUND after 8 attempts.
inline absl::StatusOr<uint16_t> FindFreePorts(PortReservations& ports,
                                              uint16_t count) {
  std::vector<SocketId> holders;
  absl::StatusOr<uint16_t> found = absl::NotFoundError(
      "no block of the requested size is free in both TCP and UDP");
  for (int attempt = 0; attempt < 8; ++attempt) {
    absl::StatusOr<SocketId> udp =
        ports.OpenSocket(AddressFamily::kInet, SocketType::kDatagram, 0);
    absl::StatusOr<SocketId> tcp =
        ports.OpenSocket(AddressFamily::kInet, SocketType::kStream, 0);
    for (const absl::StatusOr<SocketId>* s : {&udp, &tcp}) {
      if (s->ok()) holders.push_back(**s);
    }
    if (!udp.ok() || !tcp.ok()) {
      found = udp.ok() ? tcp.status() : udp.status();
      break;
    }
    absl::StatusOr<Reservation> block = ports.Acquire(*udp, {0, count});
    if (!block.ok()) {
      found = block.status();
      break;
    }
    if (ports.Acquire(*tcp, block->range).ok()) {
      found = block->range.start;
      break;
    }
  }
  for (SocketId s : holders) (void)ports.CloseSocket(s);
  return found;
}

}  // namespace portres::testkit

#endif  // PORTRES_TESTING_FREE_PORTS_H_
