// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// File: forwarding_port_reservations.h
//
// A PortReservations that forwards every call to another one, as LevelDB's
// EnvWrapper does for its Env: derive from it and override only the calls a
// test wants to change — to break a backend on purpose, to record calls, or
// to fail one (CMake target portres::testkit).
//
// Example:
//   // A backend whose acquires report the block's start byte-swapped.
//   class SwappedStart : public portres::testkit::ForwardingPortReservations {
//    public:
//     using ForwardingPortReservations::ForwardingPortReservations;
//     absl::StatusOr<portres::Reservation> Acquire(
//         portres::SocketId s, portres::PortRange range) override {
//       auto r = ForwardingPortReservations::Acquire(s, range);
//       if (r.ok()) r->range.start = __builtin_bswap16(r->range.start);
//       return r;
//     }
//   };
//
// Thread safety: as the target's.

#ifndef PORTRES_TESTING_FORWARDING_PORT_RESERVATIONS_H_
#define PORTRES_TESTING_FORWARDING_PORT_RESERVATIONS_H_

#include <cstdint>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "portres/port_reservations.h"
#include "portres/types.h"

namespace portres::testkit {

// Forwards every call to `target`, which must outlive it.
class ForwardingPortReservations : public PortReservations {
 public:
  // Forwards to `target`.
  explicit ForwardingPortReservations(PortReservations& target)
      : target_(target) {}

  // The backend calls go to.
  PortReservations& target() { return target_; }

  // Forwards.
  absl::StatusOr<SocketId> OpenSocket(AddressFamily family, SocketType type,
                                      int protocol) override {
    return target_.OpenSocket(family, type, protocol);
  }
  // Forwards.
  absl::Status CloseSocket(SocketId socket) override {
    return target_.CloseSocket(socket);
  }
  // Forwards.
  absl::StatusOr<uint16_t> Bind(SocketId socket, const IpAddress& address,
                                uint16_t port) override {
    return target_.Bind(socket, address, port);
  }
  // Forwards.
  absl::Status SetOption(SocketId socket, SocketOption option,
                         uint32_t value) override {
    return target_.SetOption(socket, option, value);
  }
  // Forwards.
  absl::StatusOr<uint32_t> GetOption(SocketId socket,
                                     SocketOption option) override {
    return target_.GetOption(socket, option);
  }
  // Forwards.
  absl::StatusOr<Reservation> Acquire(SocketId socket,
                                      PortRange range) override {
    return target_.Acquire(socket, range);
  }
  // Forwards.
  absl::Status Release(SocketId socket, Token token) override {
    return target_.Release(socket, token);
  }
  // Forwards.
  absl::Status Associate(SocketId socket, Token token) override {
    return target_.Associate(socket, token);
  }
  // Forwards.
  absl::StatusOr<Token> CreatePersistent(Protocol protocol,
                                         PortRange range) override {
    return target_.CreatePersistent(protocol, range);
  }
  // Forwards.
  absl::Status DeletePersistent(Protocol protocol, PortRange range) override {
    return target_.DeletePersistent(protocol, range);
  }
  // Forwards.
  absl::StatusOr<Token> LookupPersistent(Protocol protocol,
                                         PortRange range) override {
    return target_.LookupPersistent(protocol, range);
  }

 private:
  PortReservations& target_;
};

}  // namespace portres::testkit

#endif  // PORTRES_TESTING_FORWARDING_PORT_RESERVATIONS_H_
