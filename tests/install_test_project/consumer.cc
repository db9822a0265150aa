// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// Acquires a block on an installed portres's simulator and checks the code of
// a conflicting acquire. Built from the CMake package (portres::portres) and
// from pkg-config; neither may put the compat layer's windows.h in reach.
#include <iostream>

#include "portres/port_reservations.h"
#include "portres/sim/host.h"
#include "portres/status.h"
#include "portres/version.h"
#include "portres/windows_codes.h"

#if !defined(_WIN32) && __has_include(<windows.h>)
#error "portres::portres must not put the compat layer's windows.h in reach"
#endif

int main() {
  portres::sim::Host host;
  auto ports = host.Process(host.SpawnProcess());
  auto s = ports->OpenSocket(portres::AddressFamily::kInet,
                             portres::SocketType::kDatagram, 0);
  if (!s.ok() || !ports->Acquire(*s, {5000, 20}).ok()) return 1;
  auto again = ports->Acquire(*s, {5010, 1});
  if (portres::WindowsErrorCode(again.status()) != portres::kWsaEAddrInUse) {
    return 1;
  }
  std::cout << "installed portres " << portres::kVersion << " works\n";
  return 0;
}
