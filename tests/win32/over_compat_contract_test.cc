// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// The contract suite against the Win32 backend compiled for Linux against
// portres::compat (tests/win32/over_compat_machine.h), elevated and not:
// the backend that ships for Windows, held to the simulator's rules and
// decisions on every Linux build.

#include <memory>

#include "portres/testing/contract_suite.h"
#include "tests/win32/over_compat_machine.h"

namespace portres::testkit {
namespace {

ContractBackend Win32OverCompat(bool elevated) {
  return {.name = elevated ? "win32_over_compat_elevated" : "win32_over_compat",
          .make =
              [elevated] {
                auto machine = std::make_shared<Win32OverCompatMachine>();
                const uint32_t pid = machine->SpawnProcess(elevated);
                return std::shared_ptr<PortReservations>(
                    machine, &machine->Process(pid));
              },
          .elevated = elevated};
}

INSTANTIATE_TEST_SUITE_P(Win32OverCompat, PortReservationsContractTest,
                         ::testing::Values(Win32OverCompat(false),
                                           Win32OverCompat(true)),
                         ContractBackendName);

}  // namespace
}  // namespace portres::testkit
