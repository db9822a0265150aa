// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// A walk-through of the port-reservation API on the simulated Windows host:
// the runtime flow of Microsoft's SIO_ACQUIRE_PORT_RESERVATION sample (20 UDP
// ports at 5000, associate, bind, release), then the persistent flow of the
// CreatePersistentTcpPortReservation sample, a reboot, and netsh's view.

#include <cstdlib>
#include <iostream>
#include <memory>

#include "absl/status/statusor.h"
#include "portres/port_reservations.h"
#include "portres/sim/host.h"
#include "portres/sim/netsh.h"
#include "portres/status.h"

namespace {

using portres::Protocol;

// Prints `what` and the outcome; exits if it failed (a demo has no plan B).
void Check(const char* what, const absl::Status& status) {
  if (!status.ok()) {
    std::cout << what << " failed: " << status << "\n";
    std::exit(1);
  }
  std::cout << what << " succeeded\n";
}
template <typename T>
T Check(const char* what, absl::StatusOr<T> result) {
  Check(what, result.status());
  return *std::move(result);
}

void RuntimeFlow(portres::PortReservations& ports) {
  std::cout << "== Runtime reservation (SIO_ACQUIRE_PORT_RESERVATION) ==\n";
  portres::SocketId sock =
      Check("socket", ports.OpenSocket(portres::AddressFamily::kInet,
                                       portres::SocketType::kDatagram,
                                       portres::kIpProtoUdp));
  portres::Reservation r =
      Check("Acquire(5000, 20)", ports.Acquire(sock, {5000, 20}));
  std::cout << "  Starting port=" << r.range.start
            << ",  Number of Ports=" << r.range.count
            << ", Token=" << static_cast<int64_t>(r.token.value()) << "\n";
  Check("Associate", ports.Associate(sock, r.token));
  uint16_t port = Check("Bind(port 0)", ports.Bind(sock, portres::kIpv4Any, 0));
  std::cout << "Port number allocated = " << port << "\n";
  Check("Release", ports.Release(sock, r.token));
  Check("closesocket", ports.CloseSocket(sock));
}

void PersistentFlow(portres::sim::Host& host) {
  std::cout << "\n== Persistent reservation "
               "(CreatePersistentTcpPortReservation) ==\n";
  auto user = host.Process(host.SpawnProcess({.elevated = false}));
  absl::Status denied =
      user->CreatePersistent(Protocol::kTcp, {5000, 20}).status();
  std::cout << "unelevated Create returned error: "
            << portres::WindowsErrorCode(denied).value_or(0) << "\n";

  auto admin = host.Process(host.SpawnProcess({.elevated = true}));
  portres::Token token =
      Check("CreatePersistentTcpPortReservation(5000, 20)",
            admin->CreatePersistent(Protocol::kTcp, {5000, 20}));
  std::cout << "  Token = " << static_cast<int64_t>(token.value()) << "\n";
  portres::SocketId sock =
      Check("socket", admin->OpenSocket(portres::AddressFamily::kInet,
                                        portres::SocketType::kStream,
                                        portres::kIpProtoTcp));
  Check("Associate", admin->Associate(sock, token));
  uint16_t port = Check("Bind(port 0)", admin->Bind(sock, portres::kIpv4Any, 0));
  std::cout << "Port number allocated = " << port << "\n";
  std::cout << portres::sim::FormatExcludedPortRanges(
      Protocol::kTcp, host.ExcludedPortRanges(Protocol::kTcp));

  host.Reboot();
  std::cout << "-- reboot --\n";
  auto after = host.Process(host.SpawnProcess({.elevated = true}));
  portres::Token renewed =
      Check("LookupPersistentTcpPortReservation(5000, 20)",
            after->LookupPersistent(Protocol::kTcp, {5000, 20}));
  std::cout << "  Token = " << static_cast<int64_t>(renewed.value())
            << (renewed != token ? " (new after reboot)" : "") << "\n";
  Check("DeletePersistentTcpPortReservation(5000, 20)",
        after->DeletePersistent(Protocol::kTcp, {5000, 20}));
}

}  // namespace

int main() {
  portres::sim::Host host;
  auto process = host.Process(host.SpawnProcess());
  RuntimeFlow(*process);
  PersistentFlow(host);
  return host.CheckInvariants().ok() ? 0 : 1;
}
