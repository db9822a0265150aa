// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// File: mock_port_reservations.h
//
// A gMock mock of PortReservations, for unit tests of code that takes the
// interface (CMake target portres::testkit). Pair it with WindowsError() to
// make a call fail exactly as Windows would.
//
// Example:
//   portres::testkit::MockPortReservations ports;
//   EXPECT_CALL(ports, Acquire(7, portres::PortRange{0, 8}))
//       .WillOnce(::testing::Return(
//           portres::WindowsError(portres::kWsaENoBufs, "acquire")));
//   MyServer server(ports);  // must handle WSAENOBUFS
//
// Thread safety: as gMock mocks.

#ifndef PORTRES_TESTING_MOCK_PORT_RESERVATIONS_H_
#define PORTRES_TESTING_MOCK_PORT_RESERVATIONS_H_

#include <cstdint>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gmock/gmock.h"
#include "portres/port_reservations.h"
#include "portres/types.h"

namespace portres::testkit {

// Every PortReservations method as a gMock MOCK_METHOD.
class MockPortReservations : public PortReservations {
 public:
  MOCK_METHOD(absl::StatusOr<SocketId>, OpenSocket,
              (AddressFamily family, SocketType type, int protocol),
              (override));
  MOCK_METHOD(absl::Status, CloseSocket, (SocketId socket), (override));
  MOCK_METHOD(absl::StatusOr<uint16_t>, Bind,
              (SocketId socket, const IpAddress& address, uint16_t port),
              (override));
  MOCK_METHOD(absl::Status, SetOption,
              (SocketId socket, SocketOption option, uint32_t value),
              (override));
  MOCK_METHOD(absl::StatusOr<uint32_t>, GetOption,
              (SocketId socket, SocketOption option), (override));
  MOCK_METHOD(absl::StatusOr<Reservation>, Acquire,
              (SocketId socket, PortRange range), (override));
  MOCK_METHOD(absl::Status, Release, (SocketId socket, Token token),
              (override));
  MOCK_METHOD(absl::Status, Associate, (SocketId socket, Token token),
              (override));
  MOCK_METHOD(absl::StatusOr<Token>, CreatePersistent,
              (Protocol protocol, PortRange range), (override));
  MOCK_METHOD(absl::Status, DeletePersistent,
              (Protocol protocol, PortRange range), (override));
  MOCK_METHOD(absl::StatusOr<Token>, LookupPersistent,
              (Protocol protocol, PortRange range), (override));
};

}  // namespace portres::testkit

#endif  // PORTRES_TESTING_MOCK_PORT_RESERVATIONS_H_
