// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// File: contract_suite.h
//
// The backend-agnostic contract suite: GoogleTest tests written only against
// PortReservations, instantiated once per backend (RocksDB's env_basic_test,
// gRPC's EventEngine test suite). Link the CMake target
// portres::contract_suite (it compiles the tests into your binary) and
// register your implementation with
//
// Example (the macro pastes the fixture's name, so bring it in unqualified):
//   using portres::testkit::PortReservationsContractTest;
//   INSTANTIATE_TEST_SUITE_P(Mine, PortReservationsContractTest,
//                            ::testing::Values(portres::testkit::ContractBackend{
//                                .name = "mine", .make = [] { ... }}),
//                            portres::testkit::ContractBackendName);
//
// Every test runs in a single process and only touches ports inside
// `ContractBackend::base .. base + 199` (plus wildcard blocks), so a real
// machine can host it; with base 0 each test first finds 200 ports free in
// both protocols through a wildcard acquire of its own, so the machine's
// excluded ranges cannot get in the way. Tests close their sockets and
// delete their persistent reservations on every path.
//
// Documented rows are asserted on every backend. The document's decisions
// (its U rows, where Windows' answer is not known) are asserted only where
// `asserts_decisions` is set — the simulator, which implements them; a real
// backend records its answer instead (a test property and a line on stdout,
// "decision U7: expected 10022, got ..."), so a run on Windows reports what
// Windows does without failing on a guess.
//
// Thread safety: the tests run one at a time, as GoogleTest runs them.

#ifndef PORTRES_TESTING_CONTRACT_SUITE_H_
#define PORTRES_TESTING_CONTRACT_SUITE_H_

#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"

#include "gtest/gtest.h"
#include "portres/port_reservations.h"

namespace portres::testkit {

// One implementation under test.
struct ContractBackend {
  std::string name;  // the test names' suffix, e.g. "sim"
  // A fresh process on a host where [base, base + 200) is free in both
  // protocols. The pointer may share ownership of the host behind it.
  std::function<std::shared_ptr<PortReservations>()> make;
  // The first of the 200 ports the tests use; 0: found per test through a
  // wildcard acquire (real machines).
  uint16_t base = 40000;
  // Whether that process is an elevated administrator.
  bool elevated = false;
  // Whether the backend implements the document's decisions (U rows): true
  // for the simulator; false records a real backend's answers instead.
  bool asserts_decisions = true;
  // Why this platform cannot run the suite ("" if it can), e.g. Wine, which
  // answers WSAEOPNOTSUPP to the reservation ioctls.
  std::function<std::string()> unsupported = [] { return std::string(); };
};

// Test names end in the backend's name ("/sim"), not "/0".
inline void PrintTo(const ContractBackend& backend, std::ostream* os) {
  *os << backend.name;
}

// INSTANTIATE_TEST_SUITE_P's name generator: the backend's name.
inline std::string ContractBackendName(
    const ::testing::TestParamInfo<ContractBackend>& info) {
  return info.param.name;
}

// The suite's fixture: `ports_` is a fresh process of the backend.
class PortReservationsContractTest
    : public ::testing::TestWithParam<ContractBackend> {
 protected:
  // Skips with the backend's reason, or makes `ports_` and finds `base_`.
  void SetUp() override;
  // Closes the sockets Open() made, then deletes the persistent
  // reservations Created() recorded, whatever the test's outcome.
  void TearDown() override;

  // The first of the test's 200 free ports.
  uint16_t base() const { return base_; }
  // A socket of `type` and `family` (the test fails if it cannot be
  // opened), closed at TearDown unless the test closed it.
  SocketId Open(SocketType type, AddressFamily family = AddressFamily::kInet);
  // Records a persistent reservation the test made, deleted at TearDown.
  void Created(Protocol protocol, PortRange range);
  // A decision row (`row`, e.g. "U7"): asserts `code` (0: success) where the
  // backend implements the decisions, else records what the backend answered.
  void ExpectDecision(const char* row, const absl::Status& status,
                      uint32_t code);

  std::shared_ptr<PortReservations> ports_;  // the process under test

 private:
  uint16_t base_ = 0;
  std::vector<SocketId> opened_;
  std::vector<std::pair<Protocol, PortRange>> created_;
};

}  // namespace portres::testkit

#endif  // PORTRES_TESTING_CONTRACT_SUITE_H_
