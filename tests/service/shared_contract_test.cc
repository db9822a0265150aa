// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// The contract suite against the shared machine: every call crosses the
// host service's socket, so the codes the suite asserts prove that the
// service and its client keep the simulator's semantics (SV1).

#include <memory>

#include "portres/testing/contract_suite.h"
#include "tests/service/service_fixture.h"

namespace portres::testkit {
namespace {

ContractBackend SharedBackend(bool elevated) {
  return {.name = elevated ? "shared_elevated" : "shared",
          .make =
              [elevated] {
                struct Owner {
                  service_test::TempDir dir;
                  std::unique_ptr<sim::service::Server> server;
                  std::unique_ptr<sim::SharedMachine> machine;
                  std::unique_ptr<PortReservations> view;
                };
                auto owner = std::make_shared<Owner>();
                owner->server = service_test::StartServer(
                    service_test::TestServerOptions(owner->dir));
                owner->machine =
                    service_test::Connect(owner->dir.File("host.sock"));
                owner->view = owner->machine->Process(
                    *owner->machine->SpawnProcess(elevated));
                return std::shared_ptr<PortReservations>(owner,
                                                         owner->view.get());
              },
          .elevated = elevated};
}

INSTANTIATE_TEST_SUITE_P(Shared, PortReservationsContractTest,
                         ::testing::Values(SharedBackend(false),
                                           SharedBackend(true)),
                         ContractBackendName);

}  // namespace
}  // namespace portres::testkit
