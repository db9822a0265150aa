// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// The contract suite against the real Windows API (Windows builds). Where
// the platform lacks port reservations (Wine answers WSAEOPNOTSUPP) every
// test skips with that reason.

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "portres/status.h"
#include "portres/win32.h"
#include "portres/windows_codes.h"
#include "portres/testing/contract_suite.h"

namespace portres::testkit {
namespace {

// Empty if SIO_ACQUIRE_PORT_RESERVATION works here, else why not.
std::string Win32Unsupported() {
  absl::StatusOr<std::unique_ptr<PortReservations>> ports =
      NewWin32PortReservations();
  if (!ports.ok()) return absl::StrCat("Winsock: ", ports.status().ToString());
  absl::StatusOr<SocketId> s =
      (*ports)->OpenSocket(AddressFamily::kInet, SocketType::kDatagram, 0);
  if (!s.ok()) return absl::StrCat("socket: ", s.status().ToString());
  absl::StatusOr<Reservation> r = (*ports)->Acquire(*s, {0, 1});
  (void)(*ports)->CloseSocket(*s);  // releases the probe's block
  if (WindowsErrorCode(r.status()) == kWsaEOpNotSupp) {
    return "this platform lacks port reservations: "
           "SIO_ACQUIRE_PORT_RESERVATION answered WSAEOPNOTSUPP (10045)";
  }
  return "";
}

ContractBackend Win32Backend() {
  return {.name = "win32",
          .make =
              [] {
                return std::shared_ptr<PortReservations>(
                    std::move(NewWin32PortReservations()).value());
              },
          .base = 0,  // each test finds 200 free ports of its own
          .elevated = Win32ProcessIsElevated(),
          .asserts_decisions = false,  // record Windows' answers to U rows
          .unsupported = Win32Unsupported};
}

INSTANTIATE_TEST_SUITE_P(Win32, PortReservationsContractTest,
                         ::testing::Values(Win32Backend()),
                         ContractBackendName);

}  // namespace
}  // namespace portres::testkit
