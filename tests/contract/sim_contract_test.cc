// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// The contract suite against the simulator, elevated and not, and once as
// the Windows run uses it: ports found per test through a wildcard acquire,
// decisions recorded rather than asserted.

#include <memory>

#include "portres/sim/host.h"
#include "portres/testing/contract_suite.h"

namespace portres::testkit {
namespace {

ContractBackend SimBackend(bool elevated) {
  return {.name = elevated ? "sim_elevated" : "sim",
          .make =
              [elevated] {
                struct Owner {
                  sim::Host host;
                  std::unique_ptr<PortReservations> view;
                };
                auto owner = std::make_shared<Owner>();
                owner->view = owner->host.Process(
                    owner->host.SpawnProcess({.elevated = elevated}));
                return std::shared_ptr<PortReservations>(owner,
                                                         owner->view.get());
              },
          .elevated = elevated};
}

ContractBackend SimAsARealMachine() {
  ContractBackend backend = SimBackend(true);
  backend.name = "sim_as_real_machine";
  backend.base = 0;
  backend.asserts_decisions = false;
  return backend;
}

INSTANTIATE_TEST_SUITE_P(Sim, PortReservationsContractTest,
                         ::testing::Values(SimBackend(false), SimBackend(true),
                                           SimAsARealMachine()),
                         ContractBackendName);

}  // namespace
}  // namespace portres::testkit
