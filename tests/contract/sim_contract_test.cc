// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// The contract suite against the simulator, elevated and not.

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

INSTANTIATE_TEST_SUITE_P(Sim, PortReservationsContractTest,
                         ::testing::Values(SimBackend(false), SimBackend(true)),
                         ContractBackendName);

}  // namespace
}  // namespace portres::testkit
